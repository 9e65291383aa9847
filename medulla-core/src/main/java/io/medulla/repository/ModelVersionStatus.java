package io.medulla.repository;

import static java.util.Objects.requireNonNull;

/**
 * One row of the repository index: a model (version {@code ""}) or one of its versions, with its
 * state and, when it is not ready, why.
 *
 * @param name the model name
 * @param version the version, or {@code ""} when the model has no loadable version
 * @param state the state
 * @param reason why it is in that state; empty when ready
 */
public record ModelVersionStatus(String name, String version, ModelState state, String reason) {
  /** Creates a row; validates the fields. */
  public ModelVersionStatus {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    requireNonNull(state, "state");
    requireNonNull(reason, "reason");
  }
}
