package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * When a stream's requests arrive: a mean rate for each hour of the day, or an explicit trace.
 *
 * <p>Both are on the axis of the simulated day: hour {@code h} is {@code [h:00, h+1:00)} and a
 * trace offset is measured from midnight. A {@link SimulationWindow} picks the part of that axis to
 * simulate; windows longer than a day repeat the hourly rates but not a trace.
 */
public sealed interface ArrivalPattern {
  /** The number of hours in a day, and of rates in {@link Hourly}. */
  int HOURS = 24;

  /** Returns the same rate, in requests per second, at every hour. */
  static Hourly constant(double requestsPerSecond) {
    Double[] rates = new Double[HOURS];
    Arrays.fill(rates, requestsPerSecond);
    return new Hourly(Arrays.asList(rates));
  }

  /** Returns the given rates, in requests per second, hour 0 (midnight) first; 24 values. */
  static Hourly hourly(double... requestsPerSecond) {
    List<Double> rates = new ArrayList<>(requestsPerSecond.length);
    for (double r : requestsPerSecond) {
      rates.add(r);
    }
    return new Hourly(rates);
  }

  /** Returns a trace of arrivals at the given offsets from midnight. */
  static Trace trace(List<Duration> offsets) {
    return new Trace(offsets);
  }

  /**
   * A mean arrival rate for each hour of the day.
   *
   * @param requestsPerSecond 24 finite rates &ge; 0, hour 0 (midnight to 1:00) first
   */
  record Hourly(List<Double> requestsPerSecond) implements ArrivalPattern {
    /** Creates hourly rates; validates and copies them. */
    public Hourly {
      requireNonNull(requestsPerSecond, "requestsPerSecond");
      requestsPerSecond = List.copyOf(requestsPerSecond);
      if (requestsPerSecond.size() != HOURS) {
        throw new IllegalArgumentException(
            "requestsPerSecond: "
                + requestsPerSecond.size()
                + " rates (expected: "
                + HOURS
                + ", one per hour of the day)");
      }
      for (int h = 0; h < HOURS; h++) {
        double r = requestsPerSecond.get(h);
        if (!(r >= 0) || Double.isInfinite(r)) {
          throw new IllegalArgumentException(
              "requestsPerSecond: hour " + h + " has " + r + " (expected: finite, >= 0)");
        }
      }
    }

    /** Returns the rate of hour {@code hourOfDay} (0 to 23), in requests per second. */
    public double rate(int hourOfDay) {
      return requestsPerSecond.get(hourOfDay);
    }

    /** Returns the expected number of requests over a whole day. */
    public double requestsPerDay() {
      double sum = 0;
      for (double r : requestsPerSecond) {
        sum += r * 3600;
      }
      return sum;
    }
  }

  /**
   * Arrivals at recorded moments, replayed exactly.
   *
   * @param offsets each arrival's offset from midnight of the simulated day (&ge; 0); kept sorted,
   *     duplicates allowed (simultaneous arrivals)
   */
  record Trace(List<Duration> offsets) implements ArrivalPattern {
    /** Creates a trace; validates the offsets and keeps them in time order. */
    public Trace {
      requireNonNull(offsets, "offsets");
      List<Duration> sorted = new ArrayList<>(offsets.size());
      for (Duration d : offsets) {
        requireNonNull(d, "offset");
        if (d.isNegative()) {
          throw new IllegalArgumentException("offsets: " + d + " (expected: >= 0)");
        }
        sorted.add(d);
      }
      Collections.sort(sorted);
      offsets = Collections.unmodifiableList(sorted);
    }
  }
}
