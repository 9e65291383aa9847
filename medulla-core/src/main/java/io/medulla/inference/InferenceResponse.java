package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The answer to one inference request.
 *
 * @param modelName the model that answered
 * @param modelVersion the version that answered
 * @param id the caller's correlation id, echoed ({@code ""} if none)
 * @param outputs the output tensors, in the order asked for (or the model's order)
 * @param parameters response-level parameters
 */
public record InferenceResponse(
    String modelName,
    String modelVersion,
    String id,
    List<Tensor> outputs,
    Map<String, Object> parameters) {
  /** Creates a response; copies the collections. */
  public InferenceResponse {
    requireNonNull(modelName, "modelName");
    requireNonNull(modelVersion, "modelVersion");
    requireNonNull(id, "id");
    outputs = List.copyOf(outputs);
    parameters = Parameters.copyOf(parameters);
  }
}
