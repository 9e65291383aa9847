package io.medulla.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScalingLoopTest {
  private final VirtualClock clock = new VirtualClock();
  private final ScalingPolicy policy =
      new ScalingPolicy(ScalingSettings.defaults().withReplicaBounds(1, 5), clock);

  @Test
  void evaluatesAtStartThenEveryPeriodAgainstTheCurrentCountUntilClosed() {
    AtomicInteger replicas = new AtomicInteger(7);
    AtomicInteger asked = new AtomicInteger();
    ScalingLoop loop =
        new ScalingLoop(
            policy,
            clock,
            () -> {
              asked.incrementAndGet();
              return replicas.get();
            });

    loop.start();
    assertThat(asked).hasValue(1);
    assertThat(policy.latest()).hasValueSatisfying(d -> assertThat(d.atNanos()).isZero());
    assertThat(policy.desiredReplicas()).isEqualTo(5);

    clock.advance(Duration.ofSeconds(45));
    assertThat(asked).hasValue(4);
    assertThat(policy.latest().orElseThrow().atNanos()).isEqualTo(Duration.ofSeconds(45).toNanos());

    loop.close();
    clock.advance(Duration.ofMinutes(5));
    assertThat(asked).hasValue(4);
    assertThat(clock.nextDueNanos()).isEmpty();
    assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedEvaluationDoesNotEndTheLoop() {
    AtomicInteger replicas = new AtomicInteger(0);
    ScalingLoop loop = new ScalingLoop(policy, clock, replicas::get);
    assertThatThrownBy(loop::start).hasMessageContaining("currentReplicas");

    replicas.set(2);
    clock.advance(Duration.ofSeconds(15));

    assertThat(policy.latest())
        .hasValueSatisfying(d -> assertThat(d.currentReplicas()).isEqualTo(2));
    loop.close();
  }
}
