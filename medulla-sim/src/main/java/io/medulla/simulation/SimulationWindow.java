package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * The stretch of the simulated day a run covers: requests arrive from {@code start} to {@code start
 * + length}; those in flight at the end are then followed to their answers.
 *
 * @param start the time of day the window opens, from midnight, in {@code [0, 24 h)}
 * @param length how long arrivals go on, &gt; 0 and at most {@value #MAX_DAYS} days
 */
public record SimulationWindow(Duration start, Duration length) {
  /** The longest window, in days. */
  public static final int MAX_DAYS = 31;

  static final long HOUR_NANOS = Duration.ofHours(1).toNanos();
  private static final Duration DAY = Duration.ofDays(1);

  /** Creates a window; validates the fields. */
  public SimulationWindow {
    requireNonNull(start, "start");
    requireNonNull(length, "length");
    if (start.isNegative() || start.compareTo(DAY) >= 0) {
      throw new IllegalArgumentException("start: " + start + " (expected: 0 to under 24 h)");
    }
    if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
      throw new IllegalArgumentException(
          "length: " + length + " (expected: > 0 and at most " + MAX_DAYS + " days)");
    }
  }

  /** Returns the whole day, midnight to midnight. */
  public static SimulationWindow day() {
    return new SimulationWindow(Duration.ZERO, DAY);
  }

  /** Returns {@code count} whole hours from {@code firstHour} (0 to 23) o'clock. */
  public static SimulationWindow hours(int firstHour, int count) {
    if (firstHour < 0 || firstHour > 23) {
      throw new IllegalArgumentException("firstHour: " + firstHour + " (expected: 0 to 23)");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
    }
    return new SimulationWindow(Duration.ofHours(firstHour), Duration.ofHours(count));
  }

  /** Returns the time of day (from midnight of the first day) the window closes. */
  public Duration end() {
    return start.plus(length);
  }

  /**
   * Returns the number of clock hours the window touches: hour buckets of results, the first and
   * last possibly partial.
   */
  public int hourCount() {
    long first = start.toNanos() / HOUR_NANOS;
    long last = (end().toNanos() - 1) / HOUR_NANOS;
    return (int) (last - first + 1);
  }

  /** Returns the bucket (0 to {@link #hourCount()} − 1) of an offset from the window's start. */
  int hourIndex(long offsetNanos) {
    long first = start.toNanos() / HOUR_NANOS;
    return (int) ((start.toNanos() + offsetNanos) / HOUR_NANOS - first);
  }

  /** Returns the offset from the window's start at which bucket {@code index} begins. */
  long hourStartNanos(int index) {
    long first = start.toNanos() / HOUR_NANOS;
    return Math.max(0, (first + index) * HOUR_NANOS - start.toNanos());
  }

  /** Returns the offset from the window's start at which bucket {@code index} ends. */
  long hourEndNanos(int index) {
    long first = start.toNanos() / HOUR_NANOS;
    return Math.min(length.toNanos(), (first + index + 1) * HOUR_NANOS - start.toNanos());
  }

  /** Returns the hour of the day (0 to 23) of bucket {@code index}. */
  int hourOfDay(int index) {
    return (int) ((start.toNanos() / HOUR_NANOS + index) % 24);
  }

  @Override
  public String toString() {
    long s = start.toSeconds();
    return String.format(Locale.ROOT, "%02d:%02d:%02d+%s", s / 3600, s / 60 % 60, s % 60, length);
  }
}
