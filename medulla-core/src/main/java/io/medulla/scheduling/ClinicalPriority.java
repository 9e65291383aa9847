package io.medulla.scheduling;

import java.util.Locale;
import java.util.Optional;

/**
 * Medulla's four default priority classes. They are priority levels 1 to 4 of a model that has
 * dynamic batching but sets no {@code priority_levels}; level 1 is served first.
 */
public enum ClinicalPriority {
  /** Level 1: results a clinician is waiting for now. */
  STAT(1),
  /** Level 2: results wanted soon. */
  URGENT(2),
  /** Level 3, the default: ordinary clinical work. */
  ROUTINE(3),
  /** Level 4: back-fill, research, re-processing. */
  BULK(4);

  /** The number of classes. */
  public static final int COUNT = 4;

  private final int level;

  ClinicalPriority(int level) {
    this.level = level;
  }

  /** Returns the priority level, 1 the highest. */
  public int level() {
    return level;
  }

  /** Returns the class with the given name ({@code "stat"}), case-insensitively. */
  public static Optional<ClinicalPriority> fromName(String name) {
    for (ClinicalPriority p : values()) {
      if (p.name().equals(name.toUpperCase(Locale.ROOT))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
