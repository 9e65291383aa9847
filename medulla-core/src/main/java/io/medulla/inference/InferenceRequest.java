package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One inference request, decoded from any protocol.
 *
 * @param modelName the model or graph to run
 * @param modelVersion the version asked for, or {@code ""} to let the version policy choose
 * @param id the caller's optional correlation id, echoed in the response ({@code ""} if none)
 * @param inputs the input tensors, in the order sent
 * @param outputs the outputs asked for; empty means all of the model's outputs
 * @param parameters request-level parameters, passed through
 * @param context who asks, for whom, how urgently and until when
 */
public record InferenceRequest(
    String modelName,
    String modelVersion,
    String id,
    List<Tensor> inputs,
    List<RequestedOutput> outputs,
    Map<String, Object> parameters,
    RequestContext context) {
  /** Creates a request; copies the collections. */
  public InferenceRequest {
    requireNonNull(modelName, "modelName");
    requireNonNull(modelVersion, "modelVersion");
    requireNonNull(id, "id");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    parameters = Parameters.copyOf(parameters);
    requireNonNull(context, "context");
  }

  /** Returns the same request under another context (as a graph step does). */
  public InferenceRequest withContext(RequestContext newContext) {
    return new InferenceRequest(
        modelName, modelVersion, id, inputs, outputs, parameters, newContext);
  }
}
