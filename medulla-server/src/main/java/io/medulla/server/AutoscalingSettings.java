package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.autoscaling.ScalingSettings;
import io.medulla.scheduling.ClinicalPriority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The autoscaling signal's settings (docs/AUTOSCALING.md).
 *
 * @param replicas {@code --replicas}: this deployment's replica count as its orchestrator sets it,
 *     which the desired count is computed from (default 1)
 * @param policy {@code --autoscale-min-replicas}, {@code --autoscale-max-replicas}, {@code
 *     --slo-queue-delay}: the scaling policy
 */
public record AutoscalingSettings(int replicas, ScalingSettings policy) {
  private static final Pattern SLO = Pattern.compile("([A-Za-z]+)=(\\d{1,9})(ms|s|m)");
  private static final String SLO_EXPECTED =
      "expected: CLASS=DURATION as stat=50ms, with class stat, urgent, routine or bulk and unit"
          + " ms, s or m";

  /** Creates settings; validates. */
  public AutoscalingSettings {
    if (replicas < 1) {
      throw new IllegalArgumentException("--replicas: " + replicas + " (expected: >= 1)");
    }
    requireNonNull(policy, "policy");
  }

  /** Returns the defaults: one replica and {@link ScalingSettings#defaults()}. */
  public static AutoscalingSettings defaults() {
    return new AutoscalingSettings(1, ScalingSettings.defaults());
  }

  /**
   * Returns the settings the flags give; each {@code --slo-queue-delay} replaces its class's
   * default, the other classes keep theirs.
   *
   * @throws IllegalArgumentException naming the flag whose value is wrong
   */
  public static AutoscalingSettings fromFlags(
      int replicas, int minReplicas, int maxReplicas, List<String> sloQueueDelays) {
    ScalingSettings defaults = ScalingSettings.defaults();
    Map<ClinicalPriority, Duration> slos = new EnumMap<>(defaults.queueDelaySlos());
    Set<ClinicalPriority> given = new HashSet<>();
    for (String flag : sloQueueDelays) {
      Matcher m = SLO.matcher(flag.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("--slo-queue-delay " + flag + ": " + SLO_EXPECTED);
      }
      ClinicalPriority priority =
          ClinicalPriority.fromName(m.group(1))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--slo-queue-delay " + flag + ": unknown class; " + SLO_EXPECTED));
      if (!given.add(priority)) {
        throw new IllegalArgumentException(
            "--slo-queue-delay: class "
                + priority.name().toLowerCase(Locale.ROOT)
                + " given twice");
      }
      Duration slo = duration(Long.parseLong(m.group(2)), m.group(3));
      if (slo.isZero()) {
        throw new IllegalArgumentException(
            "--slo-queue-delay " + flag + ": expected a duration above zero");
      }
      slos.put(priority, slo);
    }
    if (minReplicas < 1) {
      throw new IllegalArgumentException(
          "--autoscale-min-replicas: " + minReplicas + " (expected: >= 1)");
    }
    if (maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "--autoscale-max-replicas: "
              + maxReplicas
              + " (expected: >= --autoscale-min-replicas "
              + minReplicas
              + ")");
    }
    return new AutoscalingSettings(
        replicas, defaults.withQueueDelaySlos(slos).withReplicaBounds(minReplicas, maxReplicas));
  }

  private static Duration duration(long amount, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
  }
}
