package io.medulla.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {
  private static final Duration PERIOD = Duration.ofSeconds(15);
  private static final ModelId MODEL = new ModelId("m", 1);

  private final ManualTicker ticker = new ManualTicker();

  private ScalingPolicy policy(ScalingSettings settings) {
    return new ScalingPolicy(settings, ticker);
  }

  private static void delays(ScalingPolicy p, ClinicalPriority c, Duration delay, int n) {
    for (int i = 0; i < n; i++) {
      p.observe(c, delay.toNanos(), Outcome.EXECUTED);
    }
  }

  private static void misses(ScalingPolicy p, ClinicalPriority c, int n) {
    for (int i = 0; i < n; i++) {
      p.observe(c, 0, Outcome.REJECTED);
    }
  }

  /**
   * Spends {@code seconds} one second at a time: each second {@code served} requests of {@code c}
   * wait {@code delay}, {@code missed} miss, and the model is busy {@code busy}.
   */
  private void spend(
      ScalingPolicy p,
      int seconds,
      ClinicalPriority c,
      Duration delay,
      int served,
      int missed,
      Duration busy) {
    for (int s = 0; s < seconds; s++) {
      delays(p, c, delay, served);
      misses(p, c, missed);
      p.observeBusy(MODEL, busy.toNanos(), 1);
      ticker.advance(Duration.ofSeconds(1));
    }
  }

  /** Advances to the next evaluation and evaluates at {@code current}. */
  private Decision nextPeriod(ScalingPolicy p, int current) {
    ticker.advance(PERIOD);
    return p.evaluate(ticker.nanos(), current);
  }

  private static long seconds(Decision d) {
    return Duration.ofNanos(d.atNanos()).toSeconds();
  }

  @Test
  void withoutTrafficTheMinimumStaysTheMinimum() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    for (int i = 0; i < 40; i++) {
      Decision d = nextPeriod(p, 1);
      assertThat(d.desiredReplicas()).isEqualTo(1);
      assertThat(d.driver()).isEqualTo(Driver.IDLE);
      assertThat(d.ratio()).isZero();
    }
  }

  @Test
  void withoutTrafficTheCountFallsToTheMinimumOnlyAfterStabilisationAndByHalvesAtMost() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    int current = 4;
    List<Integer> after = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Decision d = nextPeriod(p, current);
      if (seconds(d) < 300) {
        assertThat(d.desiredReplicas()).as("at %d s", seconds(d)).isEqualTo(4);
        assertThat(d.limit()).isEqualTo(Limit.STABILISING);
      } else {
        after.add(d.desiredReplicas());
      }
      current = d.desiredReplicas();
    }
    assertThat(after.subList(0, 3)).containsExactly(2, 1, 1);
    assertThat(after).allMatch(n -> n <= 2).endsWith(1, 1, 1);
  }

  @Test
  void statQueueDelayAtThreeTimesItsSloMultipliesTheCountByThreeAtOnce() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    ticker.advance(Duration.ofSeconds(1));
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(150), 100);
    ticker.advance(Duration.ofSeconds(14));

    Decision d = p.evaluate(ticker.nanos(), 2);

    assertThat(d.desiredReplicas()).isEqualTo(6);
    assertThat(d.ratio()).isEqualTo(3.0);
    assertThat(d.driver()).isEqualTo(Driver.QUEUE_DELAY);
    assertThat(d.drivingClass()).isEqualTo(ClinicalPriority.STAT);
    assertThat(d.limit()).isEqualTo(Limit.NONE);
    ClassWindow stat = d.perClass().get(ClinicalPriority.STAT);
    assertThat(stat.p95Nanos()).isEqualTo(Duration.ofMillis(150).toNanos());
    assertThat(stat.executed()).isEqualTo(100);
    assertThat(stat.counted()).isTrue();
    assertThat(d.reason())
        .isEqualTo(
            "STAT p95 queue delay 150.0 ms is 3.00x its 50.0 ms SLO;"
                + " ratio 3.00; 2 -> 6 replicas");
    assertThat(p.desiredReplicas()).isEqualTo(6);
    assertThat(p.ratio()).isEqualTo(3.0);
    assertThat(p.perClass())
        .containsOnlyKeys(ClinicalPriority.STAT, ClinicalPriority.URGENT, ClinicalPriority.ROUTINE);
  }

  @Test
  void aSurgeThatMissesHeldBeyondTheLargestStepScalesToTheOfferedLoadAtOnce() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    // 45 s of calm at half a replica's capacity, then 15 s of a surge that one replica serves
    // 19 requests a second of, while 81 a second expire.
    spend(p, 45, ClinicalPriority.ROUTINE, Duration.ofMillis(10), 10, 0, Duration.ofMillis(500));
    spend(p, 15, ClinicalPriority.ROUTINE, Duration.ofMillis(1500), 19, 81, Duration.ofSeconds(1));

    Decision d = p.evaluate(ticker.nanos(), 1);

    // (19 + 81) / 19 of the capacity at 100 % busy, for a 70 % target: 7.52, not the step of 4.
    assertThat(d.driver()).isEqualTo(Driver.OFFERED_LOAD);
    assertThat(d.drivingClass()).isEqualTo(ClinicalPriority.ROUTINE);
    assertThat(d.ratio()).isCloseTo(100.0 / 19 / 0.7, within(1e-9));
    assertThat(d.desiredReplicas()).isEqualTo(8);
    assertThat(d.limit()).isEqualTo(Limit.NONE);
    assertThat(d.reason())
        .startsWith("ROUTINE p95 queue delay is held by misses (1215 of 1920 requests)")
        .contains("offered load needs 7.52x the capacity at the target utilisation");
  }

  @Test
  void aFewMissesStepByWhatTheyAskForNotByTheLargestStep() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    // 84 % busy: the target of 70 % asks for 1.2 times the capacity.
    spend(p, 15, ClinicalPriority.ROUTINE, Duration.ofMillis(1500), 94, 6, Duration.ofMillis(840));

    Decision d = p.evaluate(ticker.nanos(), 5);

    // 6 % missed holds the p95; 100 / 94 × 1.2 = 1.28, so 5 -> 7, not 5 -> 20.
    assertThat(d.driver()).isEqualTo(Driver.OFFERED_LOAD);
    assertThat(d.ratio()).isCloseTo(100.0 / 94 * 0.84 / 0.7, within(1e-9));
    assertThat(d.desiredReplicas()).isEqualTo(7);
  }

  @Test
  void missesWithIdleInstancesStillAskForTheMissedShare() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    spend(p, 15, ClinicalPriority.STAT, Duration.ofMillis(10), 80, 20, Duration.ofMillis(300));

    Decision d = p.evaluate(ticker.nanos(), 4);

    assertThat(d.ratio()).isCloseTo(1.25, within(1e-9));
    assertThat(d.desiredReplicas()).isEqualTo(5);
  }

  @Test
  void missesJustPastFivePercentAtLowUtilisationStillAddAReplica() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    spend(p, 15, ClinicalPriority.STAT, Duration.ofMillis(10), 94, 6, Duration.ofMillis(300));

    Decision d = p.evaluate(ticker.nanos(), 4);

    // 100 / 94 = 1.06 is within the 10 % tolerance, but misses are not a signal to wait on.
    assertThat(d.driver()).isEqualTo(Driver.OFFERED_LOAD);
    assertThat(d.desiredReplicas()).isEqualTo(5);
    assertThat(d.limit()).isEqualTo(Limit.NONE);
  }

  @Test
  void missesWithNothingServedTakeTheLargestStep() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    ticker.advance(Duration.ofSeconds(1));
    misses(p, ClinicalPriority.URGENT, 50);
    ticker.advance(Duration.ofSeconds(14));

    Decision d = p.evaluate(ticker.nanos(), 2);

    assertThat(d.driver()).isEqualTo(Driver.QUEUE_DELAY);
    assertThat(d.limit()).isEqualTo(Limit.SCALE_UP_STEP);
    assertThat(d.desiredReplicas()).isEqualTo(8);
  }

  @Test
  void aBriefSpikeThenCalmScalesDownOnlyAfterTheStabilisationWindowAndBoundedPerStep() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    ticker.advance(Duration.ofSeconds(1));
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(150), 100);
    ticker.advance(Duration.ofSeconds(14));
    int current = p.evaluate(ticker.nanos(), 2).desiredReplicas();
    assertThat(current).isEqualTo(6);

    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ticker.advance(Duration.ofSeconds(1));
      delays(p, ClinicalPriority.ROUTINE, Duration.ofMillis(1), 100);
      p.observeBusy(MODEL, Duration.ofMillis(100).toNanos(), 1);
      ticker.advance(Duration.ofSeconds(14));
      Decision d = p.evaluate(ticker.nanos(), current);
      decisions.add(d);
      if (seconds(d) < 315) {
        // The spike's recommendation (at 15 s) holds the count for five minutes.
        assertThat(d.desiredReplicas()).as("at %d s", seconds(d)).isEqualTo(6);
      } else {
        int largestStep = Math.max(1, current / 2);
        assertThat(d.desiredReplicas()).isBetween(current - largestStep, current);
      }
      current = d.desiredReplicas();
    }
    Decision first = decisions.stream().filter(d -> seconds(d) == 315).findFirst().orElseThrow();
    assertThat(first.desiredReplicas()).isEqualTo(3);
    assertThat(first.limit()).isEqualTo(Limit.SCALE_DOWN_STEP);
    assertThat(current).isEqualTo(1);
  }

  @Test
  void theMaximumCapsTheCount() {
    ScalingPolicy p = policy(ScalingSettings.defaults().withReplicaBounds(1, 5));
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(150), 100);

    Decision d = nextPeriod(p, 2);

    assertThat(d.desiredReplicas()).isEqualTo(5);
    assertThat(d.limit()).isEqualTo(Limit.MAX_REPLICAS);
    assertThat(d.ratio()).isEqualTo(3.0);
  }

  @Test
  void aCountAboveTheMaximumFallsToItAtOnce() {
    ScalingPolicy p = policy(ScalingSettings.defaults().withReplicaBounds(1, 5));

    Decision d = nextPeriod(p, 8);

    assertThat(d.desiredReplicas()).isEqualTo(5);
    assertThat(d.limit()).isEqualTo(Limit.MAX_REPLICAS);
  }

  @Test
  void rejectedRequestsCountAsMissesLongerThanAnyDelay() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(10), 90);
    misses(p, ClinicalPriority.STAT, 10);

    Decision d = nextPeriod(p, 2);

    ClassWindow stat = d.perClass().get(ClinicalPriority.STAT);
    assertThat(stat.missed()).isEqualTo(10);
    assertThat(stat.p95Nanos()).isEqualTo(ClassWindow.BEYOND_EVERY_DELAY);
    assertThat(stat.pressure()).isInfinite();
    assertThat(d.drivingClass()).isEqualTo(ClinicalPriority.STAT);
    assertThat(d.ratio()).isEqualTo(4.0);
    assertThat(d.limit()).isEqualTo(Limit.SCALE_UP_STEP);
    assertThat(d.desiredReplicas()).isEqualTo(8);
    assertThat(d.reason())
        .startsWith("STAT p95 queue delay is held by misses (10 of 100 requests)");
  }

  @Test
  void missesBelowFivePercentLeaveTheP95ToTheDelays() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(10), 96);
    p.observe(ClinicalPriority.STAT, 0, Outcome.EXPIRED);
    misses(p, ClinicalPriority.STAT, 3);

    Decision d = nextPeriod(p, 2);

    assertThat(d.perClass().get(ClinicalPriority.STAT).p95Nanos())
        .isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(d.perClass().get(ClinicalPriority.STAT).missed()).isEqualTo(4);
  }

  @Test
  void theClassFurthestOverItsSloDrivesAndSaysSo() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(75), 50);
    delays(p, ClinicalPriority.ROUTINE, Duration.ofSeconds(4), 50);
    // Ten times its SLO, but too few requests for a p95.
    delays(p, ClinicalPriority.URGENT, Duration.ofSeconds(2), 19);

    Decision d = nextPeriod(p, 3);

    assertThat(d.drivingClass()).isEqualTo(ClinicalPriority.ROUTINE);
    assertThat(d.ratio()).isEqualTo(2.0);
    assertThat(d.desiredReplicas()).isEqualTo(6);
    assertThat(d.perClass().get(ClinicalPriority.URGENT).counted()).isFalse();
    assertThat(d.perClass().get(ClinicalPriority.STAT).pressure()).isEqualTo(1.5);
    assertThat(d.reason())
        .startsWith("ROUTINE p95 queue delay 4000.0 ms is 2.00x its 2000.0 ms SLO");
  }

  @Test
  void bulkHasNoSloByDefaultSoItsDelaysNeverBuyReplicas() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.BULK, Duration.ofMinutes(5), 100);

    Decision d = nextPeriod(p, 1);

    assertThat(d.desiredReplicas()).isEqualTo(1);
    assertThat(d.perClass()).doesNotContainKey(ClinicalPriority.BULK);

    ScalingPolicy withSlo =
        policy(
            ScalingSettings.defaults()
                .withQueueDelaySlo(ClinicalPriority.BULK, Duration.ofMinutes(1)));
    delays(withSlo, ClinicalPriority.BULK, Duration.ofMinutes(2), 100);
    assertThat(nextPeriod(withSlo, 1).desiredReplicas()).isEqualTo(2);
  }

  @Test
  void aRatioWithinTheToleranceHoldsTheCount() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(54), 100);

    Decision d = nextPeriod(p, 5);

    assertThat(d.desiredReplicas()).isEqualTo(5);
    assertThat(d.limit()).isEqualTo(Limit.TOLERANCE);
  }

  @Test
  void utilisationLowersTheCountButNeverRaisesIt() {
    ScalingSettings settings = ScalingSettings.defaults().withScaleDown(Duration.ZERO, 1.0);
    ScalingPolicy busy = policy(settings);
    // Every instance busy all the time, yet every class within its SLO: no more replicas.
    for (int s = 0; s < 15; s++) {
      busy.observeBusy(MODEL, Duration.ofSeconds(2).toNanos(), 2);
      ticker.advance(Duration.ofSeconds(1));
    }
    Decision full = busy.evaluate(ticker.nanos(), 4);
    assertThat(full.utilisation()).isEqualTo(1.0);
    assertThat(full.ratio()).isEqualTo(1.0);
    assertThat(full.desiredReplicas()).isEqualTo(4);

    ScalingPolicy quiet = policy(settings);
    for (int s = 0; s < 60; s++) {
      // 35 % of one of two instances' time, and another model busier still.
      quiet.observeBusy(MODEL, Duration.ofMillis(700).toNanos(), 2);
      quiet.observeBusy(new ModelId("other", 1), Duration.ofMillis(100).toNanos(), 1);
      ticker.advance(Duration.ofSeconds(1));
    }
    Decision d = quiet.evaluate(ticker.nanos(), 4);
    assertThat(d.utilisation()).isCloseTo(0.35, within(1e-9));
    assertThat(d.driver()).isEqualTo(Driver.UTILISATION);
    assertThat(d.ratio()).isCloseTo(0.5, within(1e-9));
    assertThat(d.desiredReplicas()).isEqualTo(2);
    assertThat(d.reason()).startsWith("utilisation 35%");
  }

  @Test
  void delaysMeasuredAtTheOldCountDoNotMultiplyTheNewCountAgain() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(150), 100);
    int current = nextPeriod(p, 2).desiredReplicas();
    assertThat(current).isEqualTo(6);

    // The new count served at some point of this period: nothing of it is counted.
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(150), 100);
    Decision first = nextPeriod(p, current);
    assertThat(first.perClass().get(ClinicalPriority.STAT).executed()).isZero();
    assertThat(first.desiredReplicas()).isEqualTo(6);

    ticker.advance(Duration.ofSeconds(1));
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(20), 100);
    Decision d = nextPeriod(p, current);

    assertThat(d.perClass().get(ClinicalPriority.STAT).p95Nanos())
        .isEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(d.desiredReplicas()).isEqualTo(6);

    // The same delays at an unchanged count keep the whole window, and ask again.
    ScalingPolicy unchanged = policy(ScalingSettings.defaults());
    delays(unchanged, ClinicalPriority.STAT, Duration.ofMillis(150), 100);
    nextPeriod(unchanged, 2);
    delays(unchanged, ClinicalPriority.STAT, Duration.ofMillis(20), 100);
    assertThat(nextPeriod(unchanged, 2).desiredReplicas()).isEqualTo(6);
  }

  @Test
  void observationsLeaveTheWindowAfterItsLength() {
    ScalingPolicy p = policy(ScalingSettings.defaults());
    delays(p, ClinicalPriority.STAT, Duration.ofMillis(150), 100);
    ticker.advance(Duration.ofSeconds(59));
    assertThat(p.evaluate(ticker.nanos(), 1).perClass().get(ClinicalPriority.STAT).executed())
        .isEqualTo(100);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(p.evaluate(ticker.nanos(), 1).perClass().get(ClinicalPriority.STAT).executed())
        .isZero();
  }

  @Test
  void beforeTheFirstEvaluationThePolicyReportsTheMinimum() {
    ScalingPolicy p = policy(ScalingSettings.defaults().withReplicaBounds(2, 4));

    assertThat(p.latest()).isEmpty();
    assertThat(p.desiredReplicas()).isEqualTo(2);
    assertThat(p.ratio()).isEqualTo(1.0);
    assertThat(p.perClass()).isEmpty();
    assertThat(p.reason()).isEqualTo("not evaluated yet");
  }

  @Test
  void settingsRefuseNonsense() {
    ScalingSettings d = ScalingSettings.defaults();
    assertThatThrownBy(() -> d.withReplicaBounds(0, 3)).hasMessageContaining("minReplicas");
    assertThatThrownBy(() -> d.withReplicaBounds(3, 2)).hasMessageContaining("maxReplicas");
    assertThatThrownBy(() -> d.withQueueDelaySlos(Map.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> d.withQueueDelaySlo(ClinicalPriority.STAT, Duration.ZERO))
        .hasMessageContaining("stat");
    assertThatThrownBy(() -> d.withMaxScaleUpFactor(1)).hasMessageContaining("maxScaleUpFactor");
    assertThatThrownBy(() -> d.withScaleDown(Duration.ofMinutes(5), 0))
        .hasMessageContaining("maxScaleDownFraction");
    assertThatThrownBy(() -> d.withTargets(0, 0.1, 20)).hasMessageContaining("targetUtilisation");
    assertThatThrownBy(() -> policy(d).evaluate(0, 0)).hasMessageContaining("currentReplicas");
  }
}
