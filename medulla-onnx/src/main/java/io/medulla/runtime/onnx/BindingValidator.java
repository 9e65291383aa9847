package io.medulla.runtime.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a model's configuration matches what its ONNX file declares, so that mistakes show up
 * at load time with a clear message instead of as failures on every request.
 */
final class BindingValidator {
  private BindingValidator() {}

  /**
   * Validates every configured input and output against the session.
   *
   * @throws ModelLoadException naming the first tensor that does not match
   */
  static void validate(ModelSpec spec, OrtSession session, String modelLabel) throws OrtException {
    String file = OrtMessages.fileLabel(spec.modelFile());
    Map<String, TensorInfo> inputs =
        Signatures.tensors(session.getInputInfo(), "input", modelLabel);
    Map<String, TensorInfo> outputs =
        Signatures.tensors(session.getOutputInfo(), "output", modelLabel);
    boolean batched = spec.maxBatchSize() > 0;
    Set<String> configured = new HashSet<>();
    for (TensorBinding binding : spec.inputs()) {
      configured.add(binding.name());
      check(binding, inputs, "input", batched, file, modelLabel);
      if (OnnxTypes.inputJavaType(binding.dataType()).isEmpty()) {
        throw new ModelLoadException(
            modelLabel
                + ": input '"
                + binding.name()
                + "' is "
                + binding.dataType().configName()
                + ", which the ONNX Runtime Java API cannot pass to a model"
                + " (unsupported input types: TYPE_UINT16, TYPE_UINT32, TYPE_UINT64)");
      }
    }
    for (String name : inputs.keySet()) {
      if (!configured.contains(name)) {
        throw new ModelLoadException(
            modelLabel + ": " + file + " has input '" + name + "', which is not configured");
      }
    }
    for (TensorBinding binding : spec.outputs()) {
      check(binding, outputs, "output", batched, file, modelLabel);
    }
  }

  private static void check(
      TensorBinding binding,
      Map<String, TensorInfo> declared,
      String kind,
      boolean batched,
      String file,
      String modelLabel) {
    TensorInfo info = declared.get(binding.name());
    if (info == null) {
      throw new ModelLoadException(
          modelLabel
              + ": "
              + kind
              + " '"
              + binding.name()
              + "' is configured but "
              + file
              + " has no such "
              + kind
              + " (it has: "
              + String.join(", ", declared.keySet())
              + ")");
    }
    DataType modelType = Signatures.dataType(binding.name(), info, kind, modelLabel);
    if (modelType != binding.dataType()) {
      throw new ModelLoadException(
          modelLabel
              + ": "
              + kind
              + " '"
              + binding.name()
              + "' is "
              + binding.dataType().configName()
              + " in the configuration but "
              + modelType.configName()
              + " in "
              + file);
    }
    Shape modelShape = Signatures.shape(info);
    Shape expected = batched ? binding.modelDims().prepend(Shape.ANY) : binding.modelDims();
    if (!compatible(expected, modelShape, batched)) {
      String hint =
          batched && modelShape.rank() > 0 && modelShape.dim(0) != Shape.ANY
              ? "; a model with a fixed first dimension cannot batch, so set max_batch_size: 0"
              : "";
      throw new ModelLoadException(
          modelLabel
              + ": "
              + kind
              + " '"
              + binding.name()
              + "' has shape "
              + expected
              + " per the configuration (batch dimension "
              + (batched ? "included" : "none")
              + ") but "
              + modelShape
              + " in "
              + file
              + hint);
    }
  }

  /**
   * Returns whether two shapes agree in rank and in every dimension that both fix; a batching
   * configuration also needs the model's first dimension to be free.
   */
  private static boolean compatible(Shape configured, Shape model, boolean batched) {
    if (configured.rank() != model.rank()) {
      return false;
    }
    if (batched && model.dim(0) != Shape.ANY) {
      return false;
    }
    for (int i = 0; i < configured.rank(); i++) {
      long x = configured.dim(i);
      long y = model.dim(i);
      if (x != Shape.ANY && y != Shape.ANY && x != y) {
        return false;
      }
    }
    return true;
  }
}
