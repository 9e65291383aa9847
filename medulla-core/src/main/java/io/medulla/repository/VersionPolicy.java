package io.medulla.repository;

import java.util.List;

/** Which of a model's version folders are served, as Triton's {@code version_policy}. */
public sealed interface VersionPolicy {
  /** Serves the {@code numVersions} highest versions (Triton's default is latest 1). */
  record Latest(int numVersions) implements VersionPolicy {
    /** Creates the policy; validates the count. */
    public Latest {
      if (numVersions < 1) {
        throw new IllegalArgumentException(
            "version_policy.latest.num_versions: " + numVersions + " (expected: >= 1)");
      }
    }
  }

  /** Serves every version on disk. */
  record All() implements VersionPolicy {}

  /** Serves exactly the listed versions. */
  record Specific(List<Long> versions) implements VersionPolicy {
    /** Creates the policy; copies the list. */
    public Specific {
      versions = List.copyOf(versions);
      if (versions.isEmpty()) {
        throw new IllegalArgumentException(
            "version_policy.specific.versions: empty (expected: at least one version)");
      }
    }
  }

  /** Returns Triton's default policy, latest 1. */
  static VersionPolicy latestOne() {
    return new Latest(1);
  }
}
