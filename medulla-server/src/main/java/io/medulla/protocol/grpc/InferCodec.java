package io.medulla.protocol.grpc;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferRequestedOutputTensor;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decodes {@code ModelInferRequest}s into domain requests and encodes domain responses. */
final class InferCodec {
  private final GrpcRequestContexts contexts;
  private final GrpcLimits limits;

  InferCodec(GrpcRequestContexts contexts, GrpcLimits limits) {
    this.contexts = requireNonNull(contexts, "contexts");
    this.limits = requireNonNull(limits, "limits");
  }

  /**
   * Returns the domain form of {@code request}, with a context for a call arriving now.
   *
   * @throws InvalidInputException if the request is malformed
   */
  InferenceRequest decode(ModelInferRequest request) {
    if (request.getModelName().isEmpty()) {
      throw new InvalidInputException("model_name: empty (expected: the name of a model)");
    }
    List<Tensor> inputs = GrpcTensors.decodeInputs(request);
    List<RequestedOutput> outputs = new ArrayList<>(request.getOutputsCount());
    for (InferRequestedOutputTensor out : request.getOutputsList()) {
      if (out.getName().isEmpty()) {
        throw new InvalidInputException("outputs: an output has an empty name");
      }
      outputs.add(
          new RequestedOutput(
              out.getName(),
              GrpcParameters.decode(
                  out.getParametersMap(), Set.of(), "output '" + out.getName() + "'")));
    }
    Map<String, Object> parameters =
        GrpcParameters.decode(request.getParametersMap(), GrpcRequestContexts.RESERVED, "request");
    RequestContext context = contexts.create(request.getParametersMap());
    return new InferenceRequest(
        request.getModelName(),
        request.getModelVersion(),
        request.getId(),
        inputs,
        outputs,
        parameters,
        context);
  }

  /**
   * Returns the wire form of {@code response}, with every output in {@code raw_output_contents}.
   *
   * @throws InferenceException if the response is larger than the message size limit
   */
  ModelInferResponse encode(InferenceResponse response) {
    ModelInferResponse.Builder b =
        ModelInferResponse.newBuilder()
            .setModelName(response.modelName())
            .setModelVersion(response.modelVersion())
            .setId(response.id())
            .putAllParameters(GrpcParameters.encode(response.parameters()));
    GrpcTensors.encodeOutputs(response.outputs(), b);
    ModelInferResponse out = b.build();
    int size = out.getSerializedSize();
    if (size > limits.maxMessageBytes()) {
      throw new InferenceException(
          StatusCode.PAYLOAD_TOO_LARGE,
          "response of model '"
              + response.modelName()
              + "': "
              + size
              + " bytes (limit: "
              + limits.maxMessageBytes()
              + " bytes); ask for fewer outputs or send a smaller batch");
    }
    return out;
  }
}
