package io.medulla.autoscaling;

import static java.util.Objects.requireNonNull;

import io.medulla.scheduling.ClinicalPriority;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The settings of a {@link ScalingPolicy}. The defaults follow Kubernetes' Horizontal Pod
 * Autoscaler where it has an equivalent (15 s period, 5 min scale-down stabilisation, 10 %
 * tolerance) and docs/AUTOSCALING.md explains each.
 *
 * @param queueDelaySlos per priority class, the p95 queue delay it should see; a class without one
 *     never drives the count (default STAT 50 ms, URGENT 200 ms, ROUTINE 2 s, BULK none)
 * @param minReplicas the fewest replicas ever recommended (default 1)
 * @param maxReplicas the most replicas ever recommended (default 10)
 * @param evaluationPeriod how often the server evaluates (default 15 s)
 * @param window the sliding window that queue delays and busy time are measured over (default 60 s)
 * @param scaleDownStabilisation how long every recommendation must have been lower before the count
 *     falls: the count is the highest recommendation of this window (default 5 min)
 * @param maxScaleDownFraction the largest share of the replicas one evaluation removes (default
 *     0.5; at least one replica)
 * @param maxScaleUpFactor the largest factor one evaluation multiplies the count by (default 4)
 * @param targetUtilisation the busy share of instance time that scale-down aims for (default 0.7)
 * @param tolerance how far the ratio may stray from 1 before the count changes (default 0.1)
 * @param minSamples the fewest requests (executed or missed) in the window for a class's p95 to
 *     count (default 20)
 */
public record ScalingSettings(
    Map<ClinicalPriority, Duration> queueDelaySlos,
    int minReplicas,
    int maxReplicas,
    Duration evaluationPeriod,
    Duration window,
    Duration scaleDownStabilisation,
    double maxScaleDownFraction,
    double maxScaleUpFactor,
    double targetUtilisation,
    double tolerance,
    int minSamples) {
  /** The default p95 queue-delay SLO of STAT requests. */
  public static final Duration STAT_SLO = Duration.ofMillis(50);

  /** The default p95 queue-delay SLO of URGENT requests. */
  public static final Duration URGENT_SLO = Duration.ofMillis(200);

  /** The default p95 queue-delay SLO of ROUTINE requests. */
  public static final Duration ROUTINE_SLO = Duration.ofSeconds(2);

  /** Creates settings; validates every field and copies the SLOs. */
  public ScalingSettings {
    EnumMap<ClinicalPriority, Duration> slos = new EnumMap<>(ClinicalPriority.class);
    requireNonNull(queueDelaySlos, "queueDelaySlos")
        .forEach(
            (priority, slo) -> {
              requireNonNull(priority, "priority");
              if (slo.isNegative() || slo.isZero()) {
                throw new IllegalArgumentException(
                    "queue-delay SLO of "
                        + priority.name().toLowerCase(java.util.Locale.ROOT)
                        + ": "
                        + slo
                        + " (expected: > 0)");
              }
              slos.put(priority, slo);
            });
    if (slos.isEmpty()) {
      throw new IllegalArgumentException(
          "queueDelaySlos: empty (expected: at least one class with a queue-delay SLO; without"
              + " one nothing ever scales up)");
    }
    queueDelaySlos = Collections.unmodifiableMap(slos);
    if (minReplicas < 1) {
      throw new IllegalArgumentException("minReplicas: " + minReplicas + " (expected: >= 1)");
    }
    if (maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "maxReplicas: " + maxReplicas + " (expected: >= minReplicas " + minReplicas + ")");
    }
    positive("evaluationPeriod", evaluationPeriod);
    positive("window", window);
    requireNonNull(scaleDownStabilisation, "scaleDownStabilisation");
    if (scaleDownStabilisation.isNegative()) {
      throw new IllegalArgumentException(
          "scaleDownStabilisation: " + scaleDownStabilisation + " (expected: >= 0)");
    }
    if (!(maxScaleDownFraction > 0 && maxScaleDownFraction <= 1)) {
      throw new IllegalArgumentException(
          "maxScaleDownFraction: " + maxScaleDownFraction + " (expected: > 0 and <= 1)");
    }
    if (!(maxScaleUpFactor > 1 && Double.isFinite(maxScaleUpFactor))) {
      throw new IllegalArgumentException(
          "maxScaleUpFactor: " + maxScaleUpFactor + " (expected: finite and > 1)");
    }
    if (!(targetUtilisation > 0 && targetUtilisation <= 1)) {
      throw new IllegalArgumentException(
          "targetUtilisation: " + targetUtilisation + " (expected: > 0 and <= 1)");
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance: " + tolerance + " (expected: >= 0 and < 1)");
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples: " + minSamples + " (expected: >= 1)");
    }
  }

  /** Returns the defaults (see the class description). */
  public static ScalingSettings defaults() {
    return new ScalingSettings(
        Map.of(
            ClinicalPriority.STAT, STAT_SLO,
            ClinicalPriority.URGENT, URGENT_SLO,
            ClinicalPriority.ROUTINE, ROUTINE_SLO),
        1,
        10,
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5),
        0.5,
        4,
        0.7,
        0.1,
        20);
  }

  /** Returns a copy whose SLOs are exactly {@code slos}. */
  public ScalingSettings withQueueDelaySlos(Map<ClinicalPriority, Duration> slos) {
    return new ScalingSettings(
        slos,
        minReplicas,
        maxReplicas,
        evaluationPeriod,
        window,
        scaleDownStabilisation,
        maxScaleDownFraction,
        maxScaleUpFactor,
        targetUtilisation,
        tolerance,
        minSamples);
  }

  /** Returns a copy in which {@code priority}'s SLO is {@code slo}, the others unchanged. */
  public ScalingSettings withQueueDelaySlo(ClinicalPriority priority, Duration slo) {
    EnumMap<ClinicalPriority, Duration> slos = new EnumMap<>(queueDelaySlos);
    slos.put(priority, slo);
    return withQueueDelaySlos(slos);
  }

  /** Returns a copy recommending between {@code min} and {@code max} replicas. */
  public ScalingSettings withReplicaBounds(int min, int max) {
    return new ScalingSettings(
        queueDelaySlos,
        min,
        max,
        evaluationPeriod,
        window,
        scaleDownStabilisation,
        maxScaleDownFraction,
        maxScaleUpFactor,
        targetUtilisation,
        tolerance,
        minSamples);
  }

  /** Returns a copy that evaluates every {@code period} over a sliding {@code window}. */
  public ScalingSettings withEvaluation(Duration period, Duration window) {
    return new ScalingSettings(
        queueDelaySlos,
        minReplicas,
        maxReplicas,
        period,
        window,
        scaleDownStabilisation,
        maxScaleDownFraction,
        maxScaleUpFactor,
        targetUtilisation,
        tolerance,
        minSamples);
  }

  /**
   * Returns a copy with another scale-down stabilisation window and largest share removed per
   * evaluation.
   */
  public ScalingSettings withScaleDown(Duration stabilisation, double maxFraction) {
    return new ScalingSettings(
        queueDelaySlos,
        minReplicas,
        maxReplicas,
        evaluationPeriod,
        window,
        stabilisation,
        maxFraction,
        maxScaleUpFactor,
        targetUtilisation,
        tolerance,
        minSamples);
  }

  /** Returns a copy with another largest scale-up factor per evaluation. */
  public ScalingSettings withMaxScaleUpFactor(double factor) {
    return new ScalingSettings(
        queueDelaySlos,
        minReplicas,
        maxReplicas,
        evaluationPeriod,
        window,
        scaleDownStabilisation,
        maxScaleDownFraction,
        factor,
        targetUtilisation,
        tolerance,
        minSamples);
  }

  /** Returns a copy with another target utilisation, tolerance and minimum of samples. */
  public ScalingSettings withTargets(double utilisation, double tolerance, int minSamples) {
    return new ScalingSettings(
        queueDelaySlos,
        minReplicas,
        maxReplicas,
        evaluationPeriod,
        window,
        scaleDownStabilisation,
        maxScaleDownFraction,
        maxScaleUpFactor,
        utilisation,
        tolerance,
        minSamples);
  }

  private static void positive(String name, Duration d) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
    }
  }
}
