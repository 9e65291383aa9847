package io.medulla.prewarm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What scheduled pre-warm follows: a list of entries with distinct names. An empty schedule turns
 * scheduled pre-warm off. Immutable.
 *
 * @param entries in file order
 */
public record PrewarmSchedule(List<ScheduleEntry> entries) {
  /** Creates a schedule; entry names must be distinct. */
  public PrewarmSchedule {
    entries = List.copyOf(entries);
    Set<String> names = new HashSet<>();
    for (ScheduleEntry e : entries) {
      if (!names.add(e.name())) {
        throw new IllegalArgumentException(
            "schedule entry '" + e.name() + "' is listed twice (expected: each name once)");
      }
    }
  }

  /** Returns the schedule with no entries: scheduled pre-warm off. */
  public static PrewarmSchedule empty() {
    return new PrewarmSchedule(List.of());
  }

  /** Returns whether there are no entries. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
