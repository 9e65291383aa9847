package io.medulla.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.runtime.ModelInstance;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One ONNX Runtime session of a model version. Every native tensor and result it creates is closed
 * before {@link #execute} returns.
 */
final class OnnxModelInstance implements ModelInstance {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String modelLabel;
  private final Path modelFile;
  private final boolean batched;
  private final Map<String, TensorBinding> inputs;
  private final Map<String, TensorBinding> outputs;

  OnnxModelInstance(OrtEnvironment env, OrtSession session, ModelSpec spec, String modelLabel) {
    this.env = env;
    this.session = session;
    this.modelLabel = modelLabel;
    this.modelFile = spec.modelFile();
    this.batched = spec.maxBatchSize() > 0;
    this.inputs = byName(spec.inputs());
    this.outputs = byName(spec.outputs());
  }

  @Override
  public List<Tensor> execute(List<Tensor> tensors, List<String> outputNames) {
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      for (Tensor tensor : tensors) {
        TensorBinding binding = binding(inputs, tensor.name(), "input");
        Shape shape =
            binding.reshape() == null
                ? tensor.shape()
                : Reshapes.apply(tensor.name(), tensor.shape(), binding.reshape(), batched);
        feeds.put(tensor.name(), TensorConversion.toOnnx(env, tensor, shape));
      }
      try (OrtSession.Result result = session.run(feeds, new LinkedHashSet<>(outputNames))) {
        List<Tensor> out = new ArrayList<>(outputNames.size());
        for (String name : outputNames) {
          out.add(output(name, result));
        }
        return List.copyOf(out);
      }
    } catch (OrtException e) {
      throw new InferenceException(
          StatusCode.INTERNAL,
          modelLabel
              + " failed to execute: "
              + OrtMessages.clean(String.valueOf(e.getMessage()), modelFile),
          e);
    } finally {
      for (OnnxTensor feed : feeds.values()) {
        feed.close();
      }
    }
  }

  /** Closes the session. */
  void close() throws OrtException {
    session.close();
  }

  private Tensor output(String name, OrtSession.Result result) throws OrtException {
    TensorBinding binding = binding(outputs, name, "output");
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(
                () ->
                    new InferenceException(
                        StatusCode.INTERNAL, modelLabel + " returned no output '" + name + "'"));
    if (!(value instanceof OnnxTensor tensor)) {
      throw new InferenceException(
          StatusCode.INTERNAL, modelLabel + ": output '" + name + "' is not a tensor");
    }
    Shape shape = Signatures.shape(tensor.getInfo());
    if (binding.reshape() != null) {
      shape = Reshapes.apply(name, shape, binding.dims(), batched);
    }
    return TensorConversion.fromOnnx(name, binding.dataType(), shape, tensor);
  }

  private TensorBinding binding(Map<String, TensorBinding> bindings, String name, String kind) {
    TensorBinding binding = bindings.get(name);
    if (binding == null) {
      throw new InvalidInputException(
          modelLabel + " has no " + kind + " '" + name + "' in its configuration");
    }
    return binding;
  }

  private static Map<String, TensorBinding> byName(List<TensorBinding> bindings) {
    return bindings.stream()
        .collect(Collectors.toUnmodifiableMap(TensorBinding::name, Function.identity()));
  }
}
