package io.medulla.protocol.grpc;

import io.medulla.inference.InvalidInputException;
import io.medulla.protocol.grpc.proto.ModelRepositoryParameter;
import java.util.Map;

/**
 * Checks the parameters of repository load and unload requests. Triton lets a load request carry a
 * configuration override ({@code config}) and model files ({@code file:<path>}); Medulla refuses
 * both, because no request may name or write a filesystem path.
 */
final class RepositoryParameters {
  private RepositoryParameters() {}

  /**
   * Checks that the request names no repository and carries no file or configuration override.
   *
   * @throws InvalidInputException naming the first offending field
   */
  static void check(String repositoryName, Map<String, ModelRepositoryParameter> parameters) {
    if (!repositoryName.isEmpty()) {
      throw new InvalidInputException(
          "repository_name: '"
              + repositoryName
              + "' (expected: empty; Medulla serves a single model repository)");
    }
    for (String key : parameters.keySet()) {
      if (key.startsWith("file:")) {
        throw new InvalidInputException(
            // The key is not echoed: it would be a path.
            "a 'file:' parameter: model files cannot be sent in a request"
                + " (expected: put the files in the model repository)");
      }
      if (key.equals("config")) {
        throw new InvalidInputException(
            "parameter 'config': configuration overrides are not accepted"
                + " (expected: edit config.pbtxt in the model repository)");
      }
    }
  }
}
