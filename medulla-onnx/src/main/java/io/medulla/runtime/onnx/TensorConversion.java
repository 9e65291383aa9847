package io.medulla.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between Medulla tensors (raw little-endian bytes) and ONNX Runtime tensors.
 *
 * <p>Copies: an input whose data is already in a direct buffer goes to ONNX Runtime without a copy;
 * any other input is copied once into a direct buffer, which is what ONNX Runtime's Java API needs
 * (it cannot copy a heap {@code ByteBuffer} of multi-byte elements itself). Outputs are copied
 * once, out of the native result, which is then closed. Strings pass through Java {@code String}s,
 * so BYTES elements must be UTF-8.
 */
final class TensorConversion {
  private TensorConversion() {}

  /**
   * Creates an ONNX Runtime tensor over {@code tensor}'s data with the model-facing {@code shape}.
   * The caller closes it.
   */
  static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor, Shape shape) throws OrtException {
    long[] dims = shape.toArray();
    if (tensor.dataType() == DataType.BYTES) {
      return OnnxTensor.createTensor(env, Tensors.toStrings(tensor).toArray(String[]::new), dims);
    }
    OnnxJavaType javaType =
        OnnxTypes.inputJavaType(tensor.dataType())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "tensor '" + tensor.name() + "': " + tensor.dataType() + " inputs"));
    return OnnxTensor.createTensor(env, direct(tensor.data()), dims, javaType);
  }

  /**
   * Copies an ONNX Runtime output into a Medulla tensor of {@code type} and {@code shape} (which
   * may differ from the runtime's shape by a configured reshape).
   */
  static Tensor fromOnnx(String name, DataType type, Shape shape, OnnxTensor value)
      throws OrtException {
    if (type == DataType.BYTES) {
      List<String> strings = new ArrayList<>();
      flattenStrings(value.getValue(), strings);
      return Tensors.ofStrings(name, shape, strings.toArray(String[]::new));
    }
    // getByteBuffer copies the native data into a heap buffer in native (little-endian) order.
    return Tensor.of(name, type, shape, value.getByteBuffer());
  }

  /** Returns {@code data} itself when ONNX Runtime can use it in place, else a direct copy. */
  private static ByteBuffer direct(ByteBuffer data) {
    if (data.isDirect()) {
      return data;
    }
    ByteBuffer copy = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
    copy.put(data.duplicate()).flip();
    return copy;
  }

  private static void flattenStrings(Object value, List<String> out) {
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Object[] array) {
      for (Object element : array) {
        flattenStrings(element, out);
      }
    } else {
      throw new IllegalStateException(
          "string output holds " + value.getClass().getSimpleName() + " (expected: String)");
    }
  }
}
