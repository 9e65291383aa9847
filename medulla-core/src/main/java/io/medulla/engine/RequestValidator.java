package io.medulla.engine;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a decoded request against a model's configuration before it is queued, so that a scheduler
 * and a backend only ever see requests the model can run. Every message names the model, the tensor
 * and what was expected.
 */
final class RequestValidator {
  private RequestValidator() {}

  /** Throws {@link InvalidInputException} if {@code request} does not fit {@code config}. */
  static void validate(InferenceRequest request, ModelConfig config) {
    Map<String, ModelInput> declared = new HashMap<>();
    for (ModelInput in : config.inputs()) {
      declared.put(in.name(), in);
    }
    Set<String> seen = new HashSet<>();
    long batch = -1;
    for (Tensor t : request.inputs()) {
      ModelInput in = declared.get(t.name());
      if (in == null) {
        throw new InvalidInputException(
            "model '"
                + config.name()
                + "' has no input '"
                + t.name()
                + "' (expected: "
                + names(config.inputs().stream().map(ModelInput::name).toList())
                + ")");
      }
      if (!seen.add(t.name())) {
        throw new InvalidInputException("input '" + t.name() + "' appears more than once");
      }
      if (t.dataType() != in.dataType()) {
        throw new InvalidInputException(
            "input '"
                + t.name()
                + "': datatype "
                + t.dataType()
                + " (expected: "
                + in.dataType()
                + ")");
      }
      batch = checkShape(config, in, t, batch);
    }
    for (ModelInput in : config.inputs()) {
      if (!in.optional() && !seen.contains(in.name())) {
        throw new InvalidInputException(
            "missing input '"
                + in.name()
                + "' (model '"
                + config.name()
                + "' expects: "
                + names(
                    config.inputs().stream()
                        .filter(i -> !i.optional())
                        .map(ModelInput::name)
                        .toList())
                + ")");
      }
    }
    checkOutputs(request.outputs(), config);
  }

  private static long checkShape(ModelConfig config, ModelInput in, Tensor t, long batch) {
    Shape actual = t.shape();
    Shape expected = config.maxBatchSize() > 0 ? in.dims().prepend(Shape.ANY) : in.dims();
    if (!expected.accepts(actual)) {
      throw new InvalidInputException(
          "input '" + t.name() + "': shape " + actual + " (expected: " + expected + ")");
    }
    if (config.maxBatchSize() == 0) {
      return batch;
    }
    long size = actual.dim(0);
    if (size < 1 || size > config.maxBatchSize()) {
      throw new InvalidInputException(
          "input '"
              + t.name()
              + "': batch size "
              + size
              + " (expected: 1 to max_batch_size "
              + config.maxBatchSize()
              + ")");
    }
    if (batch != -1 && size != batch) {
      throw new InvalidInputException(
          "input '"
              + t.name()
              + "': batch size "
              + size
              + " differs from the other inputs' batch size "
              + batch);
    }
    return size;
  }

  private static void checkOutputs(List<RequestedOutput> requested, ModelConfig config) {
    Set<String> declared =
        config.outputs().stream().map(ModelOutput::name).collect(Collectors.toSet());
    Set<String> seen = new HashSet<>();
    for (RequestedOutput out : requested) {
      if (!declared.contains(out.name())) {
        throw new InvalidInputException(
            "model '"
                + config.name()
                + "' has no output '"
                + out.name()
                + "' (expected: "
                + names(config.outputs().stream().map(ModelOutput::name).toList())
                + ")");
      }
      if (!seen.add(out.name())) {
        throw new InvalidInputException("output '" + out.name() + "' is requested more than once");
      }
    }
  }

  private static String names(List<String> names) {
    return String.join(", ", names);
  }
}
