package io.medulla.repository;

import java.nio.file.Path;

/**
 * One version the policy selects, ready to load or with the reason it cannot be.
 *
 * @param version the version number
 * @param file the model file (or folder)
 * @param relativeFile the model-relative file for messages, as in {@code simple/1/model.onnx}
 * @param sha256 the file's lower-case hex SHA-256, or empty when there is a problem
 * @param stamp the version folder's stamp, for change detection
 * @param problem why the version cannot be loaded, or empty
 */
record VersionPlan(
    long version, Path file, String relativeFile, String sha256, String stamp, String problem) {
  boolean isLoadable() {
    return problem.isEmpty();
  }
}
