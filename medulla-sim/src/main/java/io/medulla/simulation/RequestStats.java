package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * What happened to a set of requests (a class, a tenant, a target; over the window or one hour),
 * counted by arrival: a request belongs to the hour it arrived in, however late it was answered.
 *
 * @param arrived every request that arrived; the sum of the six outcomes
 * @param completed answered successfully
 * @param completedWithinSlo completed within the latency objective of its class (every completed
 *     request when the class has none)
 * @param rejected refused for load (429, 503)
 * @param timedOut answered DEADLINE_EXCEEDED (504)
 * @param failed failed otherwise
 * @param shed never submitted (see {@link Outcome#SHED})
 * @param unfinished not answered when the simulation stopped
 * @param period the time the rates divide by: the window, or the part of the hour inside it
 * @param latency the end-to-end latencies, arrival to answer, of the completed requests
 */
public record RequestStats(
    long arrived,
    long completed,
    long completedWithinSlo,
    long rejected,
    long timedOut,
    long failed,
    long shed,
    long unfinished,
    Duration period,
    LatencyDistribution latency) {
  /** Creates the counts; checks that they add up. */
  public RequestStats {
    requireNonNull(period, "period");
    requireNonNull(latency, "latency");
    if (completed + rejected + timedOut + failed + shed + unfinished != arrived
        || completedWithinSlo > completed
        || latency.count() != completed) {
      throw new IllegalArgumentException(
          "counts do not add up: arrived "
              + arrived
              + ", completed "
              + completed
              + " ("
              + completedWithinSlo
              + " within SLO, "
              + latency.count()
              + " latencies), rejected "
              + rejected
              + ", timed out "
              + timedOut
              + ", failed "
              + failed
              + ", shed "
              + shed
              + ", unfinished "
              + unfinished);
    }
  }

  /** Returns the arrival rate, per second of the period. */
  public double arrivalRate() {
    return perSecond(arrived);
  }

  /** Returns the completed requests per second of the period. */
  public double throughput() {
    return perSecond(completed);
  }

  /** Returns the requests completed within their class's objective, per second of the period. */
  public double goodput() {
    return perSecond(completedWithinSlo);
  }

  /** Returns the share of arrivals completed within their objective; 1 when none arrived. */
  public double sloAttainment() {
    return arrived == 0 ? 1 : (double) completedWithinSlo / arrived;
  }

  /** Returns the median latency of completed requests. */
  public Duration p50() {
    return latency.p50();
  }

  /** Returns the 95th percentile latency of completed requests. */
  public Duration p95() {
    return latency.p95();
  }

  /** Returns the 99th percentile latency of completed requests. */
  public Duration p99() {
    return latency.p99();
  }

  /** Returns one line: counts, rates and latency percentiles. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "arrived %d completed %d (in SLO %d) rejected %d timed-out %d failed %d shed %d"
            + " unfinished %d | %.3f/s goodput %.3f/s | %s",
        arrived,
        completed,
        completedWithinSlo,
        rejected,
        timedOut,
        failed,
        shed,
        unfinished,
        throughput(),
        goodput(),
        latency);
  }

  private double perSecond(long n) {
    double seconds = Durations.seconds(period);
    return seconds == 0 ? 0 : n / seconds;
  }
}
