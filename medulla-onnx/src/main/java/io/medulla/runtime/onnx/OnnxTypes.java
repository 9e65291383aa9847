package io.medulla.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.medulla.inference.DataType;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps Medulla data types to ONNX element types and back.
 *
 * <p>Every protocol type has an ONNX counterpart. The ONNX Runtime Java API (1.29) can read all of
 * them from outputs but cannot create UINT16, UINT32 or UINT64 tensors, because {@link
 * OnnxJavaType} has no such types; models with inputs of those types fail to load with a message
 * that says so. ONNX types without a protocol counterpart (complex, float8) are unsupported.
 */
final class OnnxTypes {
  private OnnxTypes() {}

  /** Returns the Medulla type of an ONNX element type, or empty when the protocol has none. */
  static Optional<DataType> fromOnnx(OnnxTensorType type) {
    return Optional.ofNullable(
        switch (type) {
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BF16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
          default -> null;
        });
  }

  /**
   * Returns the Java API type used to create an input tensor of a fixed-size type, or empty when
   * the Java API cannot create one (BYTES goes through strings; see the class comment).
   */
  static Optional<OnnxJavaType> inputJavaType(DataType type) {
    return Optional.ofNullable(
        switch (type) {
          case BOOL -> OnnxJavaType.BOOL;
          case UINT8 -> OnnxJavaType.UINT8;
          case INT8 -> OnnxJavaType.INT8;
          case INT16 -> OnnxJavaType.INT16;
          case INT32 -> OnnxJavaType.INT32;
          case INT64 -> OnnxJavaType.INT64;
          case FP16 -> OnnxJavaType.FLOAT16;
          case FP32 -> OnnxJavaType.FLOAT;
          case FP64 -> OnnxJavaType.DOUBLE;
          case BF16 -> OnnxJavaType.BFLOAT16;
          case BYTES -> OnnxJavaType.STRING;
          case UINT16, UINT32, UINT64 -> null;
        });
  }

  /** Returns the ONNX name of a type for messages, as in "tensor(float)". */
  static String onnxName(OnnxTensorType type) {
    return type.name()
        .substring("ONNX_TENSOR_ELEMENT_DATA_TYPE_".length())
        .toLowerCase(Locale.ROOT);
  }
}
