package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class G1RatiosTest {
  private static final Stability STABLE = new Stability(true, "ok");

  private static RunResult run(Mode mode, int concurrency, double throughput, double p50Micros) {
    return new RunResult(
        mode.label(),
        concurrency,
        throughput,
        new LatencyStats(1, p50Micros, p50Micros, p50Micros, p50Micros, p50Micros, p50Micros),
        STABLE,
        List.of(),
        null);
  }

  private final List<RunResult> results =
      List.of(
          run(Mode.RAW, 1, 10_000, 80),
          run(Mode.GRPC, 1, 5_000, 180),
          run(Mode.IN_PROCESS, 1, 9_000, 100),
          run(Mode.RAW, 8, 40_000, 150),
          run(Mode.GRPC, 8, 38_000, 200),
          run(Mode.IN_PROCESS, 8, 39_000, 160),
          RunResult.failed(Mode.BINARY_REST.label(), 1, "HTTP 500"));

  @Test
  void throughputIsComparedWithRawAtTheSameConcurrency() {
    G1Ratios ratios = G1Ratios.of(results);
    assertThat(ratios.throughput())
        .contains(new G1Ratios.ThroughputRatio(Mode.GRPC.label(), 1, 0.5))
        .contains(new G1Ratios.ThroughputRatio(Mode.GRPC.label(), 8, 0.95));
  }

  @Test
  void saturationComparesPeaks() {
    G1Ratios.SaturationRatio grpc =
        G1Ratios.of(results).saturation().stream()
            .filter(s -> s.mode().equals(Mode.GRPC.label()))
            .findFirst()
            .orElseThrow();
    assertThat(grpc.servedAtConcurrency()).isEqualTo(8);
    assertThat(grpc.rawAtConcurrency()).isEqualTo(8);
    assertThat(grpc.ratio()).isCloseTo(0.95, within(1e-9));
  }

  @Test
  void addedP50IsTheDifferenceAtConcurrencyOneInMilliseconds() {
    G1Ratios.AddedLatency grpc =
        G1Ratios.of(results).addedP50AtConcurrency1().stream()
            .filter(a -> a.mode().equals(Mode.GRPC.label()))
            .findFirst()
            .orElseThrow();
    assertThat(grpc.addedMillis()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void goalsAreJudgedPerMode() {
    List<G1Ratios.GoalCheck> goals = G1Ratios.of(results).goals();
    assertThat(goals)
        .filteredOn(g -> g.mode().equals(Mode.GRPC.label()))
        .extracting(G1Ratios.GoalCheck::met)
        .containsExactly(true, true);
    // 39k / 40k = 0.975 >= 0.95
    assertThat(goals)
        .filteredOn(g -> g.mode().equals(Mode.IN_PROCESS.label()))
        .extracting(G1Ratios.GoalCheck::met)
        .containsExactly(true);
  }

  @Test
  void failedRunsAreLeftOut() {
    G1Ratios ratios = G1Ratios.of(results);
    assertThat(ratios.throughput()).noneMatch(t -> t.mode().equals(Mode.BINARY_REST.label()));
    assertThat(ratios.goals()).noneMatch(g -> g.mode().equals(Mode.BINARY_REST.label()));
  }

  @Test
  void aGoalMissedAtSaturationIsReported() {
    List<RunResult> slow =
        List.of(run(Mode.RAW, 32, 40_000, 800), run(Mode.BINARY_REST, 32, 20_000, 1600));
    G1Ratios.GoalCheck goal = G1Ratios.of(slow).goals().get(0);
    assertThat(goal.met()).isFalse();
    assertThat(goal.measured()).isCloseTo(0.5, within(1e-9));
  }
}
