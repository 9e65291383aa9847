package io.medulla.prewarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static ZonedDateTime at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone);
  }

  private static ZonedDateTime next(String cron, ZonedDateTime after) {
    return CronExpression.parse(cron).next(after).orElseThrow();
  }

  /** The first {@code n} firings after {@code from}, as local times. */
  private static List<String> firings(String cron, String from, int n) {
    CronExpression c = CronExpression.parse(cron);
    List<String> out = new ArrayList<>();
    ZonedDateTime t = at(from, ZoneOffset.UTC);
    for (int i = 0; i < n; i++) {
      t = c.next(t).orElseThrow();
      out.add(t.toLocalDateTime().toString());
    }
    return out;
  }

  @Test
  void stepsFromStarAndFromRanges() {
    assertThat(firings("*/15 * * * *", "2026-02-02T10:07", 4))
        .containsExactly(
            "2026-02-02T10:15", "2026-02-02T10:30", "2026-02-02T10:45", "2026-02-02T11:00");
    assertThat(firings("1-5/2 8 * * *", "2026-02-02T00:00", 4))
        .containsExactly(
            "2026-02-02T08:01", "2026-02-02T08:03", "2026-02-02T08:05", "2026-02-03T08:01");
    assertThat(firings("50/5 9 * * *", "2026-02-02T00:00", 3))
        .containsExactly("2026-02-02T09:50", "2026-02-02T09:55", "2026-02-03T09:50");
    assertThat(firings("0 0,12 1 */3 *", "2026-02-02T00:00", 3))
        .containsExactly("2026-04-01T00:00", "2026-04-01T12:00", "2026-07-01T00:00");
  }

  @Test
  void listsOfValuesAndRanges() {
    assertThat(firings("0,30 6-7,22 * * *", "2026-02-02T06:10", 5))
        .containsExactly(
            "2026-02-02T06:30",
            "2026-02-02T07:00",
            "2026-02-02T07:30",
            "2026-02-02T22:00",
            "2026-02-02T22:30");
  }

  @Test
  void weekdayAndMonthNamesInAnyCase() {
    // 2026-02-06 is a Friday: the next weekday morning is Monday the 9th.
    assertThat(firings("30 6 * * MON-FRI", "2026-02-06T07:00", 2))
        .containsExactly("2026-02-09T06:30", "2026-02-10T06:30");
    assertThat(firings("0 0 1 jan,Jul *", "2026-02-02T00:00", 2))
        .containsExactly("2026-07-01T00:00", "2027-01-01T00:00");
    assertThat(CronExpression.parse("0 0 * feb-apr sat"))
        .isEqualTo(CronExpression.parse("0 0 * 2-4 6"));
  }

  @Test
  void sundayIsZeroAndSeven() {
    CronExpression zero = CronExpression.parse("0 0 * * 0");
    assertThat(CronExpression.parse("0 0 * * 7")).isEqualTo(zero);
    assertThat(CronExpression.parse("0 0 * * SUN")).isEqualTo(zero);
    // 2026-02-06 is a Friday.
    assertThat(firings("0 0 * * 5-7", "2026-02-05T12:00", 4))
        .containsExactly(
            "2026-02-06T00:00", "2026-02-07T00:00", "2026-02-08T00:00", "2026-02-13T00:00");
  }

  @Test
  void bothDayFieldsRestrictedMatchWhenEitherMatches() {
    // The 1st of the month or any Monday: from Tuesday 2026-03-03, Mondays 9th..30th, then Apr 1.
    assertThat(firings("0 0 1 * MON", "2026-03-03T00:00", 5))
        .containsExactly(
            "2026-03-09T00:00",
            "2026-03-16T00:00",
            "2026-03-23T00:00",
            "2026-03-30T00:00",
            "2026-04-01T00:00");
  }

  @Test
  void aDayFieldStartingWithStarMakesBothMustMatchAsInVixieCron() {
    // Odd days that are also Mondays (not odd days or Mondays): 2026-03-09 and 03-23 are Mondays.
    assertThat(firings("0 0 */2 * MON", "2026-03-01T00:00", 2))
        .containsExactly("2026-03-09T00:00", "2026-03-23T00:00");
    // Only Mondays when day-of-month is '*'.
    assertThat(firings("0 0 * * MON", "2026-03-03T00:00", 1)).containsExactly("2026-03-09T00:00");
  }

  @Test
  void february29thComesInLeapYears() {
    assertThat(firings("0 12 29 2 *", "2026-01-01T00:00", 2))
        .containsExactly("2028-02-29T12:00", "2032-02-29T12:00");
  }

  @Test
  void anExpressionThatDoesNotFireWithinFiveYearsGivesEmpty() {
    // February 29th that is a Sunday: 2032, then 2060.
    CronExpression c = CronExpression.parse("0 0 29 2 */7");
    assertThat(c.next(at("2028-01-01T00:00", ZoneOffset.UTC)))
        .contains(at("2032-02-29T00:00", ZoneOffset.UTC));
    assertThat(c.next(at("2026-01-01T00:00", ZoneOffset.UTC))).isEmpty();
    assertThat(c.next(at("2032-03-01T00:00", ZoneOffset.UTC))).isEmpty();
  }

  @Test
  void nextIsStrictlyAfter() {
    ZonedDateTime seven = at("2026-02-02T07:00", BERLIN);
    assertThat(next("0 7 * * *", seven)).isEqualTo(at("2026-02-03T07:00", BERLIN));
    assertThat(next("0 7 * * *", seven.minusNanos(1))).isEqualTo(seven);
    assertThat(next("0 7 * * *", seven.plusSeconds(30))).isEqualTo(at("2026-02-03T07:00", BERLIN));
  }

  @Test
  void macros() {
    assertThat(CronExpression.parse("@daily")).isEqualTo(CronExpression.parse("0 0 * * *"));
    assertThat(CronExpression.parse("@HOURLY")).isEqualTo(CronExpression.parse("0 * * * *"));
    assertThat(CronExpression.parse("@weekly")).isEqualTo(CronExpression.parse("0 0 * * 0"));
    assertThat(CronExpression.parse("@monthly")).isEqualTo(CronExpression.parse("0 0 1 * *"));
    assertThat(CronExpression.parse("@annually")).isEqualTo(CronExpression.parse("0 0 1 1 *"));
    assertThat(CronExpression.parse("  30 6  * *\tMON-FRI ")).hasToString("30 6  * *\tMON-FRI");
  }

  @Test
  void berlinSpringForwardGapFiresAtTheEndOfTheGapOnce() {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
    ZonedDateTime end = ZonedDateTime.parse("2026-03-29T03:00+02:00[Europe/Berlin]");
    assertThat(next("30 2 * * *", at("2026-03-28T12:00", BERLIN))).isEqualTo(end);
    assertThat(next("30 2 * * *", end)).isEqualTo(at("2026-03-30T02:30", BERLIN));
    // Every quarter hour: 02:00..02:45 do not exist and fire once, together with 03:00.
    ZonedDateTime before = ZonedDateTime.parse("2026-03-29T01:50+01:00[Europe/Berlin]");
    assertThat(next("*/15 * * * *", before)).isEqualTo(end);
    assertThat(next("*/15 * * * *", end))
        .isEqualTo(ZonedDateTime.parse("2026-03-29T03:15+02:00[Europe/Berlin]"));
  }

  @Test
  void berlinFallBackOverlapFiresOnce() {
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    ZonedDateTime first = ZonedDateTime.parse("2026-10-25T02:30+02:00[Europe/Berlin]");
    assertThat(next("30 2 * * *", at("2026-10-25T00:00", BERLIN))).isEqualTo(first);
    assertThat(next("30 2 * * *", first))
        .isEqualTo(ZonedDateTime.parse("2026-10-26T02:30+01:00[Europe/Berlin]"));
    ZonedDateTime secondPass = ZonedDateTime.parse("2026-10-25T02:10+01:00[Europe/Berlin]");
    assertThat(next("30 2 * * *", secondPass))
        .isEqualTo(ZonedDateTime.parse("2026-10-26T02:30+01:00[Europe/Berlin]"));
  }

  @Test
  void newYorkSpringForwardAndFallBack() {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    assertThat(next("30 2 * * *", at("2026-03-07T12:00", NEW_YORK)))
        .isEqualTo(ZonedDateTime.parse("2026-03-08T03:00-04:00[America/New_York]"));
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice and fires once.
    ZonedDateTime first = ZonedDateTime.parse("2026-11-01T01:30-04:00[America/New_York]");
    assertThat(next("30 1 * * *", at("2026-11-01T00:00", NEW_YORK))).isEqualTo(first);
    assertThat(next("30 1 * * *", first))
        .isEqualTo(ZonedDateTime.parse("2026-11-02T01:30-05:00[America/New_York]"));
    // Hourly: the repeated 01:00 hour does not fire a second time.
    ZonedDateTime one = ZonedDateTime.parse("2026-11-01T01:00-04:00[America/New_York]");
    assertThat(next("0 * * * *", one))
        .isEqualTo(ZonedDateTime.parse("2026-11-01T02:00-05:00[America/New_York]"));
  }

  @Test
  void agreesWithAMinuteByMinuteScan() {
    Random random = new Random(7);
    String[][] pool = {
      {"*", "0", "*/15", "5-10", "1,31,59", "50/3"},
      {"*", "0", "7", "*/6", "9-17", "22,23"},
      {"*", "1", "13", "*/10", "28-31", "15,29"},
      {"*", "2", "*/4", "JAN-MAR", "6,12", "11"},
      {"*", "0", "MON-FRI", "SAT,SUN", "*/3", "3"},
    };
    for (int i = 0; i < 150; i++) {
      StringBuilder text = new StringBuilder();
      for (String[] options : pool) {
        text.append(options[random.nextInt(options.length)]).append(' ');
      }
      CronExpression cron = CronExpression.parse(text.toString());
      LocalDateTime from =
          LocalDateTime.of(2026, 1, 1, 0, 0)
              .plusMinutes(random.nextInt(366 * 24 * 60))
              .plusSeconds(random.nextInt(60));
      Optional<ZonedDateTime> expected = scan(cron, from, 2 * 366 * 24 * 60);
      Optional<ZonedDateTime> actual = cron.next(from.atZone(ZoneOffset.UTC));
      if (expected.isPresent()) {
        assertThat(actual).as("%s after %s", text, from).isEqualTo(expected);
      }
    }
  }

  private static Optional<ZonedDateTime> scan(CronExpression cron, LocalDateTime from, int limit) {
    LocalDateTime t = from.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < limit; i++, t = t.plusMinutes(1)) {
      if (cron.matches(t)) {
        return Optional.of(t.atZone(ZoneOffset.UTC));
      }
    }
    return Optional.empty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "61 * * * *     | minute: '61' is out of range (expected 0-59)",
        "* 24 * * *     | hour: '24' is out of range (expected 0-23)",
        "* * 0 * *      | day-of-month: '0' is out of range (expected 1-31)",
        "* * * 13 *     | month: '13' is out of range (expected 1-12)",
        "* * * FOO *    | month: 'FOO' is not a month",
        "* * * * 8      | day-of-week: '8' is out of range (expected 0-7)",
        "* * * * FUN    | day-of-week: 'FUN' is not a day-of-week (expected SUN, MON",
        "*/0 * * * *    | minute: '*/0' has step 0 (expected 1-60)",
        "*/61 * * * *   | minute: '*/61' has step 61 (expected 1-60)",
        "5-1 * * * *    | minute: '5-1' is a range that runs backwards",
        "1,,2 * * * *   | minute: '1,,2' has an empty list element",
        "a * * * *      | minute: 'a' is not a minute",
        "1-x * * * *    | minute: 'x' is not a minute",
        "-5 * * * *     | minute: '-5' is missing a value",
        "* +1 * * *     | hour: '+1' is not a number",
        "* * * *        | expected 5 fields (minute hour day-of-month month day-of-week), got 4",
        "* * * * * *    | expected 5 fields (minute hour day-of-month month day-of-week), got 6",
        "@often         | unknown macro",
        "0 0 31 2 *     | never fires: no month in '2' has day '31'",
        "0 0 31 4,6,9 *  | never fires: no month in '4,6,9' has day '31'",
      })
  void errorsNameTheFieldAndTheBadToken(String expression, String problem) {
    assertThatThrownBy(() -> CronExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cron expression '" + expression.trim() + "': ")
        .hasMessageContaining(problem);
  }

  @Test
  void anEmptyExpressionIsAnError() {
    assertThatThrownBy(() -> CronExpression.parse("  "))
        .hasMessage(
            "cron expression '': expected 5 fields (minute hour day-of-month month day-of-week),"
                + " got 0");
  }

  @Test
  void dayThirtyFirstIsFineWhenSomeMonthHasIt() {
    assertThat(firings("0 0 31 1,4 *", "2026-02-01T00:00", 1)).containsExactly("2027-01-31T00:00");
  }
}
