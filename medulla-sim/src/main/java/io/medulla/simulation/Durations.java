package io.medulla.simulation;

import java.time.Duration;
import java.util.Locale;

/** Formats durations for summaries: milliseconds with three decimals, stable across locales. */
final class Durations {
  private Durations() {}

  /** Returns {@code d} as {@code "12.345ms"}. */
  static String format(Duration d) {
    return String.format(Locale.ROOT, "%.3fms", d.toNanos() / 1e6);
  }

  /** Returns {@code d} in seconds. */
  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
