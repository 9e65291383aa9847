package io.medulla.prewarm;

import java.util.List;
import java.util.Locale;

/** One of the five fields of a cron expression: its range, its names, and how to parse it. */
enum CronField {
  MINUTE("minute", 0, 59, 59, List.of()),
  HOUR("hour", 0, 23, 23, List.of()),
  DAY_OF_MONTH("day-of-month", 1, 31, 31, List.of()),
  MONTH(
      "month",
      1,
      12,
      12,
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
  /** 0 and 7 are both Sunday; 7 is folded into 0 once parsed. */
  DAY_OF_WEEK("day-of-week", 0, 7, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

  private final String label;
  private final int min;
  private final int max;

  /** The highest value {@code *} and an open step ({@code 5/10}) reach; 6 for day-of-week. */
  private final int last;

  /** Names for min, min + 1, ...; empty when the field has none. */
  private final List<String> names;

  CronField(String label, int min, int max, int last, List<String> names) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.last = last;
    this.names = names;
  }

  String label() {
    return label;
  }

  /**
   * Parses the field's text (a list of {@code *}, values and ranges, each with an optional step)
   * into a bit mask of the values it matches.
   *
   * @param fail builds the error from the bad token and what was wrong with it
   */
  long parse(String text, CronErrors fail) {
    long mask = 0;
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        throw fail.error(this, text, "has an empty list element");
      }
      mask |= parseItem(item, fail);
    }
    if (this == DAY_OF_WEEK && (mask & (1L << 7)) != 0) {
      mask = (mask & ~(1L << 7)) | 1L;
    }
    return mask;
  }

  private long parseItem(String item, CronErrors fail) {
    int slash = item.indexOf('/');
    String range = slash < 0 ? item : item.substring(0, slash);
    int step = 1;
    if (slash >= 0) {
      String stepText = item.substring(slash + 1);
      step = number(stepText, item, fail);
      int span = last - min + 1;
      if (step < 1 || step > span) {
        throw fail.error(this, item, "has step " + stepText + " (expected 1-" + span + ")");
      }
    }
    int lo;
    int hi;
    if (range.equals("*")) {
      lo = min;
      hi = last;
    } else {
      int dash = range.indexOf('-');
      if (dash >= 0) {
        lo = value(range.substring(0, dash), item, fail);
        hi = value(range.substring(dash + 1), item, fail);
        if (lo > hi) {
          throw fail.error(this, item, "is a range that runs backwards (expected low-high)");
        }
      } else {
        lo = value(range, item, fail);
        // "5/15" is an open step: from 5 to the end of the field, as most crons read it.
        hi = slash >= 0 ? Math.max(lo, last) : lo;
      }
    }
    long mask = 0;
    for (int v = lo; v <= hi; v += step) {
      mask |= 1L << v;
    }
    return mask;
  }

  private int value(String token, String item, CronErrors fail) {
    if (token.isEmpty()) {
      throw fail.error(this, item, "is missing a value");
    }
    int v;
    if (Character.isLetter(token.charAt(0))) {
      v = names.indexOf(token.toUpperCase(Locale.ROOT));
      if (v < 0) {
        String expected = names.isEmpty() ? "" : " (expected " + String.join(", ", names) + ")";
        throw fail.error(this, token, "is not a " + label + expected);
      }
      v += min;
    } else {
      v = number(token, item, fail);
    }
    if (v < min || v > max) {
      throw fail.error(this, token, "is out of range (expected " + min + "-" + max + ")");
    }
    return v;
  }

  private int number(String token, String item, CronErrors fail) {
    if (token.isEmpty()
        || token.length() > 4
        || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      String what = names.isEmpty() ? "a number" : "a number or a name";
      throw fail.error(this, token.isEmpty() ? item : token, "is not " + what);
    }
    return Integer.parseInt(token);
  }
}
