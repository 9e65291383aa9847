package io.medulla.prewarm;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A standard five-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field is {@code *}, a value, a range {@code a-b}, or a comma-separated list of these,
 * each optionally with a step ({@code *}{@code /15}, {@code 1-5/2}; {@code 5/15} steps from 5 to
 * the end of the field). Months may be named {@code JAN}..{@code DEC} and weekdays {@code
 * SUN}..{@code SAT}, in any case; weekday 0 and 7 are both Sunday. The macros {@code @hourly},
 * {@code @daily} ({@code @midnight}), {@code @weekly}, {@code @monthly} and {@code @yearly}
 * ({@code @annually}) are accepted.
 *
 * <p>Day fields follow Vixie cron: when both day-of-month and day-of-week are restricted (neither
 * begins with {@code *}), a day matches when <em>either</em> matches; otherwise both must.
 *
 * <p>Times are local to the zone of the time passed to {@link #next}. Around daylight-saving
 * changes each local time fires at most once: a local time that falls in a gap (spring forward)
 * fires at the first instant after the gap, and a local time that occurs twice (fall back) fires
 * only at its first occurrence.
 *
 * <p>Immutable and thread-safe.
 */
public final class CronExpression {
  /** How far {@link #next} searches before deciding that the expression will not fire. */
  static final int SEARCH_YEARS = 5;

  private static final Map<String, String> MACROS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private final String source;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;

  /** Whether both day fields are restricted, so that either matching is enough (Vixie). */
  private final boolean eitherDay;

  private CronExpression(String source, String[] fields) {
    CronErrors fail = new CronErrors(source);
    this.source = source;
    this.minutes = CronField.MINUTE.parse(fields[0], fail);
    this.hours = CronField.HOUR.parse(fields[1], fail);
    this.daysOfMonth = CronField.DAY_OF_MONTH.parse(fields[2], fail);
    this.months = CronField.MONTH.parse(fields[3], fail);
    this.daysOfWeek = CronField.DAY_OF_WEEK.parse(fields[4], fail);
    this.eitherDay = !fields[2].startsWith("*") && !fields[4].startsWith("*");
    if (!eitherDay && !fields[2].startsWith("*") && !someMonthHasADay()) {
      throw fail.error("never fires: no month in '" + fields[3] + "' has day '" + fields[2] + "'");
    }
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException naming the expression, the field and the bad token
   */
  public static CronExpression parse(String expression) {
    requireNonNull(expression, "expression");
    String trimmed = expression.trim();
    @Nullable String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
    if (trimmed.startsWith("@") && macro == null) {
      throw new CronErrors(trimmed)
          .error("unknown macro (expected one of " + String.join(", ", MACROS.keySet()) + ")");
    }
    String[] fields = (macro != null ? macro : trimmed).split("\\s+", -1);
    if (fields.length != 5 || fields[0].isEmpty()) {
      throw new CronErrors(trimmed)
          .error(
              "expected 5 fields (minute hour day-of-month month day-of-week), got "
                  + (trimmed.isEmpty() ? 0 : fields.length));
    }
    return new CronExpression(trimmed, fields);
  }

  /**
   * Returns the first time strictly after {@code after} at which the expression fires, in {@code
   * after}'s zone; empty when it does not fire within {@value #SEARCH_YEARS} years.
   */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    requireNonNull(after, "after");
    ZoneId zone = after.getZone();
    Instant afterInstant = after.toInstant();
    LocalDateTime cursor = after.toLocalDateTime();
    LocalDateTime limit = cursor.plusYears(SEARCH_YEARS);
    // Resolving local times to instants is monotonic, so the first local match that resolves to
    // an instant after 'after' is the answer; earlier matches resolve to earlier instants.
    while (true) {
      @Nullable LocalDateTime candidate = nextLocal(cursor, limit);
      if (candidate == null) {
        return Optional.empty();
      }
      Instant at = resolve(candidate, zone);
      if (at.isAfter(afterInstant)) {
        return Optional.of(ZonedDateTime.ofInstant(at, zone));
      }
      cursor = candidate;
    }
  }

  /** Returns whether the expression matches a local time (seconds ignored). */
  boolean matches(LocalDateTime t) {
    return has(months, t.getMonthValue())
        && dayMatches(t.toLocalDate())
        && has(hours, t.getHour())
        && has(minutes, t.getMinute());
  }

  /** The first matching local minute strictly after {@code after}, or null past {@code limit}. */
  private @Nullable LocalDateTime nextLocal(LocalDateTime after, LocalDateTime limit) {
    LocalDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    // Walk field by field, jumping to the next candidate month, day, hour or minute.
    while (!t.isAfter(limit)) {
      if (!has(months, t.getMonthValue())) {
        int m = nextBit(months, t.getMonthValue() + 1);
        t =
            m < 0
                ? LocalDateTime.of(t.getYear() + 1, 1, 1, 0, 0)
                : LocalDateTime.of(t.getYear(), m, 1, 0, 0);
      } else if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!has(hours, t.getHour())) {
        int h = nextBit(hours, t.getHour() + 1);
        t = h < 0 ? t.toLocalDate().plusDays(1).atStartOfDay() : t.withHour(h).withMinute(0);
      } else if (!has(minutes, t.getMinute())) {
        int m = nextBit(minutes, t.getMinute() + 1);
        t = m < 0 ? t.withMinute(0).plusHours(1) : t.withMinute(m);
      } else {
        return t;
      }
    }
    return null;
  }

  private boolean dayMatches(LocalDate d) {
    boolean dom = has(daysOfMonth, d.getDayOfMonth());
    boolean dow = has(daysOfWeek, d.getDayOfWeek().getValue() % 7);
    return eitherDay ? dom || dow : dom && dow;
  }

  private boolean someMonthHasADay() {
    for (int m = 1; m <= 12; m++) {
      if (has(months, m)) {
        int length = Month.of(m).maxLength();
        long possible = (1L << (length + 1)) - 1;
        if ((daysOfMonth & possible) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Maps a local time to its instant: a gap to the instant it ends, an overlap to its first. */
  private static Instant resolve(LocalDateTime local, ZoneId zone) {
    var rules = zone.getRules();
    if (rules.getValidOffsets(local).isEmpty()) {
      return requireNonNull(rules.getTransition(local), "transition").getInstant();
    }
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  private static boolean has(long mask, int value) {
    return (mask & (1L << value)) != 0;
  }

  /** Returns the lowest set bit at or above {@code from}, or -1. */
  private static int nextBit(long mask, int from) {
    if (from > 63) {
      return -1;
    }
    long rest = mask & (-1L << from);
    return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CronExpression c
        && minutes == c.minutes
        && hours == c.hours
        && daysOfMonth == c.daysOfMonth
        && months == c.months
        && daysOfWeek == c.daysOfWeek
        && eitherDay == c.eitherDay;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(minutes ^ hours * 31 ^ daysOfMonth * 961 ^ months * 29791 ^ daysOfWeek)
        + (eitherDay ? 1 : 0);
  }

  /** Returns the expression as written (trimmed). */
  @Override
  public String toString() {
    return source;
  }
}
