package io.medulla.cache;

import java.util.Locale;

/** Writes byte counts for people: {@code 512 B}, {@code 1.5 KiB}, {@code 3.0 GiB}. */
final class Bytes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Bytes() {}

  static String format(long bytes) {
    if (bytes < 1024) {
      return Math.max(0, bytes) + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
