package io.medulla.repository;

import io.medulla.runtime.Backend;
import java.nio.file.Path;
import java.util.List;

/**
 * A model whose configuration is read, completed and checked, with the versions to serve.
 *
 * @param config the completed configuration
 * @param backend the backend that serves it
 * @param versions the versions the policy selects, in ascending order
 * @param stamp the model folder's stamp when it was read
 * @param dir the model folder, for files the config names (warm-up data)
 */
record PreparedModel(
    ModelConfig config, Backend backend, List<VersionPlan> versions, String stamp, Path dir) {
  PreparedModel {
    versions = List.copyOf(versions);
  }
}
