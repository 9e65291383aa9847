package io.medulla.inference;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one version of one model.
 *
 * @param name the model name, as in the repository
 * @param version the version number ({@code >= 1})
 */
public record ModelId(String name, long version) {
  /** Creates an id; validates the version. */
  public ModelId {
    requireNonNull(name, "name");
    if (version < 1) {
      throw new IllegalArgumentException("version: " + version + " (expected: >= 1)");
    }
  }

  @Override
  public String toString() {
    return name + "/" + version;
  }
}
