package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's cores are time-shared: each of n jobs on c cores advances at min(1, c / n). */
class HostCoresTest {
  private final VirtualClock clock = new VirtualClock();
  private final List<String> finished = new ArrayList<>();

  private HostCores.Job job(String name, long millis) {
    return new HostCores.Job() {
      @Override
      public long start() {
        return Duration.ofMillis(millis).toNanos();
      }

      @Override
      public void finish() {
        finished.add(name + "@" + Duration.ofNanos(clock.nanos()).toMillis());
      }
    };
  }

  @Test
  void aJobAloneTakesItsWork() {
    HostCores cores = new HostCores(clock, 2);
    cores.submit(job("a", 10));
    clock.runUntilIdle(Duration.ofSeconds(1));

    assertThat(finished).containsExactly("a@10");
  }

  @Test
  void twoJobsOnOneCoreShareIt() {
    HostCores cores = new HostCores(clock, 1);
    cores.submit(job("a", 10));
    clock.schedule(Duration.ofMillis(5), () -> cores.submit(job("b", 10)));
    clock.runUntilIdle(Duration.ofSeconds(1));

    // a runs alone for 5 ms, then both at half speed: a's last 5 ms take 10; b's last 5 ms alone.
    assertThat(finished).containsExactly("a@15", "b@20");
  }

  @Test
  void threeJobsOnTwoCoresAdvanceAtTwoThirds() {
    HostCores cores = new HostCores(clock, 2);
    cores.submit(job("a", 6));
    cores.submit(job("b", 6));
    cores.submit(job("c", 6));
    assertThat(cores.running()).isEqualTo(3);
    clock.runUntilIdle(Duration.ofSeconds(1));

    assertThat(finished).containsExactly("a@9", "b@9", "c@9");
    assertThat(cores.running()).isZero();
  }

  @Test
  void aShortJobOvertakesALongOneAndZeroWorkFinishesAtOnce() {
    HostCores cores = new HostCores(clock, 1);
    cores.submit(job("long", 30));
    cores.submit(job("short", 2));
    cores.submit(job("none", 0));
    clock.runUntilIdle(Duration.ofSeconds(1));

    // none at once; short gets half a core for 4 ms; long gets its last 28 ms alone.
    assertThat(finished).containsExactly("none@0", "short@4", "long@32");
  }
}
