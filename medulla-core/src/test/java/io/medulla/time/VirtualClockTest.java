package io.medulla.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  private final VirtualClock clock = new VirtualClock();
  private final List<String> ran = new ArrayList<>();

  @Test
  void tasksRunInDueOrderWithTheClockAtTheirDueTime() {
    clock.schedule(Duration.ofMillis(3), () -> ran.add("c@" + clock.nanos()));
    clock.schedule(Duration.ofMillis(1), () -> ran.add("a@" + clock.nanos()));
    clock.schedule(Duration.ofMillis(1), () -> ran.add("b@" + clock.nanos()));
    clock.advance(Duration.ofMillis(2));
    assertThat(ran).containsExactly("a@1000000", "b@1000000");
    assertThat(clock.nanos()).isEqualTo(2_000_000);
    clock.advance(Duration.ofMillis(5));
    assertThat(ran).containsExactly("a@1000000", "b@1000000", "c@3000000");
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    clock.schedule(
        Duration.ofMillis(1),
        () -> clock.schedule(Duration.ofMillis(1), () -> ran.add("inner@" + clock.nanos())));
    clock.advance(Duration.ofMillis(2));
    assertThat(ran).containsExactly("inner@2000000");
  }

  @Test
  void cancelledTaskNeverRuns() {
    Cancellable c = clock.schedule(Duration.ofMillis(1), () -> ran.add("x"));
    c.cancel();
    assertThat(clock.nextDueNanos()).isEmpty();
    clock.advance(Duration.ofMillis(2));
    assertThat(ran).isEmpty();
  }

  @Test
  void runUntilIdleStopsAtTheLimit() {
    clock.schedule(Duration.ofSeconds(10), () -> ran.add("late"));
    assertThat(clock.runUntilIdle(Duration.ofSeconds(1))).isFalse();
    assertThat(clock.runUntilIdle(Duration.ofSeconds(20))).isTrue();
    assertThat(ran).containsExactly("late");
  }

  @Test
  void executorTimerRunsAndCancels() throws Exception {
    ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
    try {
      Timer timer = Timer.of(ses);
      java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
      timer.schedule(Duration.ZERO, latch::countDown);
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
      Cancellable never = timer.schedule(Duration.ofDays(1), () -> ran.add("never"));
      never.cancel();
    } finally {
      ses.shutdownNow();
    }
    assertThat(ran).isEmpty();
  }
}
