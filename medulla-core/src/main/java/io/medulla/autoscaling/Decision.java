package io.medulla.autoscaling;

import static java.util.Objects.requireNonNull;

import io.medulla.scheduling.ClinicalPriority;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of a {@link ScalingPolicy}.
 *
 * @param atNanos the ticker reading it was made at
 * @param currentReplicas the replica count it started from
 * @param desiredReplicas the replica count it recommends
 * @param ratio the factor the count was scaled by before stabilisation and bounds: the larger of
 *     the highest class pressure (p95 / SLO) and the utilisation term (utilisation / target, at
 *     most 1), capped at the largest scale-up factor unless the offered load asks for more
 * @param driver which signal set the ratio
 * @param drivingClass the class whose pressure set the ratio, with {@link Driver#QUEUE_DELAY} and
 *     {@link Driver#OFFERED_LOAD}
 * @param utilisation the busiest model's share of instance time spent executing in the window
 * @param limit what bounded the count beyond the ratio
 * @param perClass the window of every class that has an SLO
 */
public record Decision(
    long atNanos,
    int currentReplicas,
    int desiredReplicas,
    double ratio,
    Driver driver,
    @Nullable ClinicalPriority drivingClass,
    double utilisation,
    Limit limit,
    Map<ClinicalPriority, ClassWindow> perClass) {
  /** Creates a decision; copies the per-class windows. */
  public Decision {
    requireNonNull(driver, "driver");
    requireNonNull(limit, "limit");
    boolean byClass = driver == Driver.QUEUE_DELAY || driver == Driver.OFFERED_LOAD;
    if (byClass != (drivingClass != null)) {
      throw new IllegalArgumentException(
          "drivingClass: "
              + drivingClass
              + " (expected: set exactly when the driver is queue delay or offered load)");
    }
    perClass = Collections.unmodifiableMap(new EnumMap<>(requireNonNull(perClass, "perClass")));
  }

  /** Returns why the count is what it is, in a sentence for logs and dashboards. */
  public String reason() {
    StringBuilder s = new StringBuilder();
    switch (driver) {
      case QUEUE_DELAY, OFFERED_LOAD -> {
        ClinicalPriority c = requireNonNull(drivingClass, "drivingClass");
        ClassWindow w = perClass.get(c);
        s.append(c.name()).append(" p95 queue delay ");
        if (w == null) {
          s.append("?");
        } else if (w.p95Nanos() == ClassWindow.BEYOND_EVERY_DELAY) {
          s.append("is held by misses (")
              .append(w.missed())
              .append(" of ")
              .append(w.requests())
              .append(" requests)");
        } else {
          s.append(millis(w.p95Nanos()))
              .append(" is ")
              .append(String.format(Locale.ROOT, "%.2f", w.pressure()))
              .append("x its ")
              .append(millis(w.sloNanos()))
              .append(" SLO");
        }
        if (driver == Driver.OFFERED_LOAD) {
          s.append("; offered load needs ")
              .append(String.format(Locale.ROOT, "%.2f", ratio))
              .append("x the capacity at the target utilisation");
        }
      }
      case UTILISATION ->
          s.append(String.format(Locale.ROOT, "utilisation %.0f%%", 100 * utilisation));
      case IDLE -> s.append("no requests in the window");
    }
    s.append(String.format(Locale.ROOT, "; ratio %.2f; ", ratio))
        .append(currentReplicas)
        .append(" -> ")
        .append(desiredReplicas)
        .append(" replicas");
    if (limit != Limit.NONE) {
      s.append(" (").append(limit.name().toLowerCase(Locale.ROOT)).append(')');
    }
    return s.toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
