package io.medulla.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the tensors an ONNX Runtime session declares. */
final class Signatures {
  private Signatures() {}

  /** Returns the session's inputs and outputs as protocol tensor specs. */
  static ModelSignature of(OrtSession session, String modelLabel) throws OrtException {
    return new ModelSignature(
        specs(tensors(session.getInputInfo(), "input", modelLabel), "input", modelLabel),
        specs(tensors(session.getOutputInfo(), "output", modelLabel), "output", modelLabel));
  }

  /**
   * Returns the tensor infos by name, in declaration order.
   *
   * @throws ModelLoadException if one is not a tensor (a sequence or map, say)
   */
  static Map<String, TensorInfo> tensors(
      Map<String, NodeInfo> nodes, String kind, String modelLabel) {
    Map<String, TensorInfo> out = new LinkedHashMap<>();
    for (NodeInfo node : nodes.values()) {
      if (!(node.getInfo() instanceof TensorInfo info)) {
        throw new ModelLoadException(
            modelLabel
                + ": "
                + kind
                + " '"
                + node.getName()
                + "' is not a tensor ("
                + node.getInfo().getClass().getSimpleName()
                + "); only tensor inputs and outputs are supported");
      }
      out.put(node.getName(), info);
    }
    return out;
  }

  /** Returns the Medulla type of a declared tensor, or fails naming it. */
  static DataType dataType(String name, TensorInfo info, String kind, String modelLabel) {
    return OnnxTypes.fromOnnx(info.onnxType)
        .orElseThrow(
            () ->
                new ModelLoadException(
                    modelLabel
                        + ": "
                        + kind
                        + " '"
                        + name
                        + "' has element type "
                        + OnnxTypes.onnxName(info.onnxType)
                        + ", which the inference protocol has no type for"));
  }

  /** Returns the declared shape, {@code -1} for symbolic or unknown dimensions. */
  static Shape shape(TensorInfo info) {
    long[] dims = info.getShape();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        dims[i] = Shape.ANY;
      }
    }
    return Shape.of(dims);
  }

  private static List<TensorSpec> specs(
      Map<String, TensorInfo> tensors, String kind, String modelLabel) {
    List<TensorSpec> out = new ArrayList<>(tensors.size());
    for (Map.Entry<String, TensorInfo> e : tensors.entrySet()) {
      out.add(
          TensorSpec.of(
              e.getKey(),
              dataType(e.getKey(), e.getValue(), kind, modelLabel),
              shape(e.getValue())));
    }
    return out;
  }
}
