package io.medulla.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays a 10× load step through the policy with a small fluid model of a FIFO-served deployment:
 * every replica serves {@value #PER_REPLICA} requests a second, the orchestrator applies each
 * decision at once. The observations are generated, so the replay is exact.
 */
class LoadStepReplayTest {
  private static final int PER_REPLICA = 100;
  private static final long TICK_NANOS = Duration.ofMillis(100).toNanos();
  private static final long PERIOD_NANOS = Duration.ofSeconds(15).toNanos();
  private static final ModelId MODEL = new ModelId("m", 1);

  private final ManualTicker ticker = new ManualTicker();
  private final ScalingPolicy policy =
      new ScalingPolicy(ScalingSettings.defaults().withReplicaBounds(1, 20), ticker);
  private final ArrayDeque<Long> queue = new ArrayDeque<>();
  private int replicas = 1;

  /** Runs {@code seconds} at {@code perSecond} arrivals; returns the decisions on the way. */
  private List<Decision> run(int perSecond, int seconds) {
    List<Decision> decisions = new ArrayList<>();
    long ticks = seconds * 1_000_000_000L / TICK_NANOS;
    for (long t = 0; t < ticks; t++) {
      long now = ticker.nanos();
      for (int i = 0; i < perSecond / 10; i++) {
        queue.add(now);
      }
      int capacity = replicas * PER_REPLICA / 10;
      int served = 0;
      while (served < capacity && !queue.isEmpty()) {
        policy.observe(ClinicalPriority.ROUTINE, now - queue.poll(), Outcome.EXECUTED);
        served++;
      }
      // Each replica's instance is busy for its share of the tick.
      policy.observeBusy(MODEL, TICK_NANOS * served / capacity, 1);
      ticker.advance(Duration.ofNanos(TICK_NANOS));
      if (ticker.nanos() % PERIOD_NANOS == 0) {
        Decision d = policy.evaluate(ticker.nanos(), replicas);
        decisions.add(d);
        replicas = d.desiredReplicas();
      }
    }
    return decisions;
  }

  @Test
  void aTenfoldStepScalesUpMonotonicallyToEnoughReplicasWithinOneWindow() {
    List<Decision> before = run(80, 360);
    assertThat(before).allMatch(d -> d.desiredReplicas() == 1);

    List<Decision> after = run(800, 180);

    List<Integer> counts = after.stream().map(Decision::desiredReplicas).toList();
    for (int i = 1; i < counts.size(); i++) {
      assertThat(counts.get(i)).as("%s", counts).isGreaterThanOrEqualTo(counts.get(i - 1));
    }
    assertThat(counts.get(0)).as("the first evaluation after the step").isGreaterThan(1);
    // Within one 60 s window (four evaluations) the deployment serves the new load.
    assertThat(counts.get(3)).as("%s", counts).isGreaterThanOrEqualTo(800 / PER_REPLICA);
    assertThat(after.get(0).drivingClass()).isEqualTo(ClinicalPriority.ROUTINE);
    assertThat(counts).allMatch(n -> n <= 20);
    // And the backlog the step left is gone by the end.
    assertThat(queue).isEmpty();
  }
}
