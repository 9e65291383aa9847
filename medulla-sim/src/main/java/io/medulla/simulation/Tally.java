package io.medulla.simulation;

import java.time.Duration;

/** The counts and latencies of one set of requests in one period. Not thread-safe. */
final class Tally {
  private static final int OUTCOMES = Outcome.values().length;

  private long arrived;
  private final long[] outcomes = new long[OUTCOMES];
  private long withinSlo;
  private final LatencyHistogram latency = new LatencyHistogram();

  void arrive() {
    arrived++;
  }

  /** Counts an answer; only completed requests have a latency that counts. */
  void answer(Outcome outcome, long latencyNanos, boolean inSlo) {
    outcomes[outcome.ordinal()]++;
    if (outcome == Outcome.COMPLETED) {
      latency.record(latencyNanos);
      if (inSlo) {
        withinSlo++;
      }
    }
  }

  /** Adds everything {@code other} counted. */
  void add(Tally other) {
    arrived += other.arrived;
    for (int i = 0; i < OUTCOMES; i++) {
      outcomes[i] += other.outcomes[i];
    }
    withinSlo += other.withinSlo;
    latency.add(other.latency);
  }

  /** Returns the statistics over {@code period}; arrivals not answered are unfinished. */
  RequestStats toStats(Duration period) {
    long answered = 0;
    for (long n : outcomes) {
      answered += n;
    }
    return new RequestStats(
        arrived,
        count(Outcome.COMPLETED),
        withinSlo,
        count(Outcome.REJECTED),
        count(Outcome.TIMED_OUT),
        count(Outcome.FAILED),
        count(Outcome.SHED),
        arrived - answered,
        period,
        latency.snapshot());
  }

  private long count(Outcome o) {
    return outcomes[o.ordinal()];
  }
}
