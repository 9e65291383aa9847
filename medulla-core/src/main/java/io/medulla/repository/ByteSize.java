package io.medulla.repository;

import java.util.Locale;

/**
 * Parses byte sizes as written in configs and flags: plain digits are bytes; {@code KB}, {@code
 * MB}, {@code GB}, {@code TB} are powers of 1000 and {@code KiB}, {@code MiB}, {@code GiB}, {@code
 * TiB} powers of 1024, case-insensitively, with optional spaces before the unit ({@code "512MiB"},
 * {@code "2 GB"}).
 *
 * <p>Thread safety: stateless.
 */
public final class ByteSize {
  private static final String UNITS = "KB, MB, GB, TB, KiB, MiB, GiB or TiB";

  private ByteSize() {}

  /**
   * Returns the number of bytes {@code value} denotes.
   *
   * @throws IllegalArgumentException naming the value when it is not a non-negative whole number
   *     with an optional unit, or does not fit in a {@code long}
   */
  public static long parse(String value) {
    String text = value.strip();
    int end = 0;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    if (end == 0) {
      throw invalid(value);
    }
    long multiplier = multiplier(text.substring(end).strip().toLowerCase(Locale.ROOT), value);
    try {
      return Math.multiplyExact(Long.parseLong(text.substring(0, end)), multiplier);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "byte size '" + value + "' is too large (expected: at most " + Long.MAX_VALUE + " bytes)",
          e);
    }
  }

  private static long multiplier(String unit, String value) {
    return switch (unit) {
      case "", "b" -> 1L;
      case "kb" -> 1000L;
      case "mb" -> 1000L * 1000;
      case "gb" -> 1000L * 1000 * 1000;
      case "tb" -> 1000L * 1000 * 1000 * 1000;
      case "kib" -> 1L << 10;
      case "mib" -> 1L << 20;
      case "gib" -> 1L << 30;
      case "tib" -> 1L << 40;
      default -> throw invalid(value);
    };
  }

  private static IllegalArgumentException invalid(String value) {
    return new IllegalArgumentException(
        "byte size '"
            + value
            + "' is not a byte size (expected: a whole number of bytes, optionally followed by "
            + UNITS
            + ")");
  }
}
