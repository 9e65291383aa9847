package io.medulla.server;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration files: {@code 45s}, {@code 90m}, {@code 3h},
 * {@code 1h30m}, {@code 2d}: whole numbers of days, hours, minutes and seconds, largest first, each
 * unit at most once.
 */
final class DurationText {
  /** How a duration is described in error messages. */
  static final String EXPECTED = "a duration like 90m, 3h, 1h30m or 45s";

  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

  private DurationText() {}

  /** Returns the duration {@code text} spells, or empty when it is not one. */
  static Optional<Duration> parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        Duration.ofDays(part(m, 1))
            .plusHours(part(m, 2))
            .plusMinutes(part(m, 3))
            .plusSeconds(part(m, 4)));
  }

  private static long part(Matcher m, int group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
