package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import io.medulla.scheduling.ClinicalPriority;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The names a workload gives priority classes: a {@linkplain ClinicalPriority clinical class}
 * ({@code stat}, {@code urgent}, {@code routine}, {@code bulk}, any case; level 1 to 4) or a level
 * number ({@code "1"}, {@code "7"}) for models that set their own {@code priority_levels}. Names
 * are kept in lower case; results use them as given, so {@code "stat"} and {@code "1"} are reported
 * apart even where they reach the same level.
 */
final class PriorityClassNames {
  private PriorityClassNames() {}

  /**
   * Returns {@code name} in lower case.
   *
   * @throws IllegalArgumentException if it is neither a clinical class nor a level number
   */
  static String normalise(String name, String field) {
    requireNonNull(name, field);
    String lower = name.toLowerCase(Locale.ROOT);
    if (ClinicalPriority.fromName(lower).isEmpty() && parseLevel(lower) < 1) {
      throw new IllegalArgumentException(
          field
              + ": priority class '"
              + name
              + "' (expected: stat, urgent, routine, bulk or a level number >= 1)");
    }
    return lower;
  }

  /** Returns the priority level a normalised class name stands for, 1 the highest. */
  static int levelOf(String name) {
    return ClinicalPriority.fromName(name)
        .map(ClinicalPriority::level)
        .orElseGet(() -> parseLevel(name));
  }

  /** Returns a sorted, unmodifiable copy of {@code map} with normalised, checked keys. */
  static <V> SortedMap<String, V> sortedCopy(Map<String, V> map, String field) {
    requireNonNull(map, field);
    TreeMap<String, V> out = new TreeMap<>();
    map.forEach(
        (name, value) -> {
          requireNonNull(value, field + " value");
          if (out.put(normalise(name, field), value) != null) {
            throw new IllegalArgumentException(
                field + ": priority class '" + name + "' appears twice (expected: once)");
          }
        });
    return Collections.unmodifiableSortedMap(out);
  }

  private static int parseLevel(String name) {
    if (name.isEmpty() || name.length() > 9) {
      return -1;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(name);
  }
}
