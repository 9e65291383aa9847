package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;
import io.medulla.runtime.LoadedModel;

/**
 * A ready model version: its completed configuration, the SHA-256 of its model file, and its loaded
 * instances.
 *
 * @param id the model version
 * @param config the completed configuration
 * @param sha256 the lower-case hex SHA-256 of the model file
 * @param model the loaded instances
 */
public record ServedModel(ModelId id, ModelConfig config, String sha256, LoadedModel model) {
  /** Creates a served model; validates the fields. */
  public ServedModel {
    requireNonNull(id, "id");
    requireNonNull(config, "config");
    requireNonNull(sha256, "sha256");
    requireNonNull(model, "model");
  }
}
