package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * One tenant's requests to one model or graph: when they arrive, how bursty they are, which
 * priority classes they carry and how long each may take.
 *
 * @param target the model or graph each request names
 * @param arrivals the hourly rates or the trace
 * @param burstiness how irregular the arrivals are around the hourly rate (not used by traces)
 * @param priorityMix each priority class's share of the requests (see {@link Workload} for class
 *     names); shares are &ge; 0 and add up to 1 (within 1e-6); kept sorted by class name
 * @param timeout each request's deadline from its arrival, as a client would set it; {@link
 *     Duration#ZERO} for none
 */
public record RequestStream(
    String target,
    ArrivalPattern arrivals,
    Burstiness burstiness,
    Map<String, Double> priorityMix,
    Duration timeout) {
  private static final double SHARE_TOLERANCE = 1e-6;

  /** Creates a stream; validates every field. */
  public RequestStream {
    requireNonNull(target, "target");
    if (target.isEmpty()) {
      throw new IllegalArgumentException("target: empty (expected: a model or graph name)");
    }
    requireNonNull(arrivals, "arrivals");
    requireNonNull(burstiness, "burstiness");
    SortedMap<String, Double> mix = PriorityClassNames.sortedCopy(priorityMix, "priorityMix");
    if (mix.isEmpty()) {
      throw new IllegalArgumentException(
          target + ": priorityMix: empty (expected: at least one class, e.g. routine: 1.0)");
    }
    double sum = 0;
    for (Map.Entry<String, Double> e : mix.entrySet()) {
      double share = e.getValue();
      if (!(share >= 0) || share > 1) {
        throw new IllegalArgumentException(
            target + ": priorityMix: " + e.getKey() + " " + share + " (expected: 0 to 1)");
      }
      sum += share;
    }
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      throw new IllegalArgumentException(
          target + ": priorityMix: shares add up to " + sum + " (expected: 1)");
    }
    priorityMix = mix;
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          target + ": timeout: " + timeout + " (expected: >= 0; zero for none)");
    }
  }

  /** Returns a stream of Poisson arrivals, all ROUTINE, without a timeout. */
  public static RequestStream of(String target, ArrivalPattern arrivals) {
    return new RequestStream(
        target, arrivals, Burstiness.poisson(), Map.of("routine", 1.0), Duration.ZERO);
  }

  /** Returns a copy with other burstiness. */
  public RequestStream withBurstiness(Burstiness newBurstiness) {
    return new RequestStream(target, arrivals, newBurstiness, priorityMix, timeout);
  }

  /** Returns a copy with another priority mix. */
  public RequestStream withPriorityMix(Map<String, Double> newMix) {
    return new RequestStream(target, arrivals, burstiness, newMix, timeout);
  }

  /** Returns a copy with another timeout ({@link Duration#ZERO} for none). */
  public RequestStream withTimeout(Duration newTimeout) {
    return new RequestStream(target, arrivals, burstiness, priorityMix, newTimeout);
  }

  /** Returns whether requests carry a deadline. */
  public boolean hasTimeout() {
    return !timeout.isZero();
  }
}
