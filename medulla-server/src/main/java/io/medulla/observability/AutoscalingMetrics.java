package io.medulla.observability;

import static java.util.Objects.requireNonNull;

import io.medulla.autoscaling.ClassWindow;
import io.medulla.autoscaling.ScalingPolicy;
import io.medulla.scheduling.ClinicalPriority;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The autoscaling signal as Prometheus gauges: the desired replica count an HPA or KEDA reads, the
 * ratio behind it, and per priority class the p95 queue delay against its SLO
 * (docs/AUTOSCALING.md). Reads the policy's latest decision; thread-safe.
 */
public final class AutoscalingMetrics {
  private final ScalingPolicy policy;
  private final int currentReplicas;

  /** Creates the metrics of {@code policy}, evaluated against {@code currentReplicas}. */
  public AutoscalingMetrics(ScalingPolicy policy, int currentReplicas) {
    this.policy = requireNonNull(policy, "policy");
    this.currentReplicas = currentReplicas;
  }

  /** Appends the gauges in Prometheus text format. */
  public void scrape(StringBuilder out) {
    gauge(
        out,
        "medulla_autoscaling_desired_replicas",
        "Replicas this deployment should have, by this server's queue delays and utilisation",
        Integer.toString(policy.desiredReplicas()));
    gauge(
        out,
        "medulla_autoscaling_current_replicas",
        "Replicas this deployment has, as --replicas says",
        Integer.toString(currentReplicas));
    gauge(
        out,
        "medulla_autoscaling_ratio",
        "Factor the replica count is scaled by: max of p95 queue delay / SLO over the classes"
            + " and (utilisation / target, at most 1)",
        number(policy.ratio()));
    gauge(
        out,
        "medulla_autoscaling_utilisation",
        "Share of the busiest model's instance time spent executing over the window",
        number(policy.latest().map(d -> d.utilisation()).orElse(0.0)));
    Map<ClinicalPriority, ClassWindow> windows = policy.perClass();
    Map<ClinicalPriority, Duration> slos = policy.settings().queueDelaySlos();
    family(
        out,
        "medulla_autoscaling_queue_delay_p95_seconds",
        "p95 queue delay per priority class over the window; NaN without requests, +Inf when"
            + " rejected or expired requests hold it");
    slos.keySet()
        .forEach(
            c -> {
              ClassWindow w = windows.get(c);
              series(out, "medulla_autoscaling_queue_delay_p95_seconds", c, p95Seconds(w));
            });
    family(out, "medulla_autoscaling_slo_seconds", "p95 queue-delay SLO per priority class");
    slos.forEach(
        (c, slo) -> series(out, "medulla_autoscaling_slo_seconds", c, number(slo.toNanos() / 1e9)));
  }

  private static String p95Seconds(@Nullable ClassWindow w) {
    if (w == null || w.requests() == 0) {
      return "NaN";
    }
    if (w.p95Nanos() == ClassWindow.BEYOND_EVERY_DELAY) {
      return "+Inf";
    }
    return number(w.p95Nanos() / 1e9);
  }

  private static void gauge(StringBuilder out, String name, String help, String value) {
    family(out, name, help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void family(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
  }

  private static void series(StringBuilder out, String name, ClinicalPriority c, String value) {
    out.append(name)
        .append("{class=\"")
        .append(c.name().toLowerCase(Locale.ROOT))
        .append("\"} ")
        .append(value)
        .append('\n');
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }
}
