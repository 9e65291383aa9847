package io.medulla.protocol.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.medulla.inference.DataType;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferInputTensor;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import io.medulla.protocol.grpc.proto.ModelInferResponse.InferOutputTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes request tensors from {@code raw_input_contents} or typed {@code contents}, and encodes
 * response tensors as {@code raw_output_contents}, as Triton does.
 *
 * <p>Raw data is not copied: tensors view the request's byte strings, and responses wrap the
 * tensors' buffers.
 */
final class GrpcTensors {
  private GrpcTensors() {}

  /**
   * Returns the input tensors of {@code request}, in request order.
   *
   * @throws InvalidInputException if the inputs are malformed; the message names the input
   */
  static List<Tensor> decodeInputs(ModelInferRequest request) {
    int rawCount = request.getRawInputContentsCount();
    int inputCount = request.getInputsCount();
    if (rawCount > 0) {
      for (InferInputTensor input : request.getInputsList()) {
        if (input.hasContents()) {
          throw new InvalidInputException(
              "input '"
                  + input.getName()
                  + "': contents must not be set when the request uses raw_input_contents"
                  + " (expected: every input raw, or every input typed)");
        }
      }
      if (rawCount != inputCount) {
        throw new InvalidInputException(
            "raw_input_contents: "
                + rawCount
                + " entries for "
                + inputCount
                + " inputs (expected: one entry per input, in input order)");
      }
    }
    List<Tensor> tensors = new ArrayList<>(inputCount);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < inputCount; i++) {
      InferInputTensor input = request.getInputs(i);
      String name = input.getName();
      if (name.isEmpty()) {
        throw new InvalidInputException("inputs[" + i + "]: name is empty");
      }
      if (!names.add(name)) {
        throw new InvalidInputException("input '" + name + "': appears more than once");
      }
      DataType type = dataType(name, input.getDatatype());
      Shape shape = shape(name, input.getShapeList());
      if (rawCount > 0) {
        tensors.add(
            Tensor.of(name, type, shape, request.getRawInputContents(i).asReadOnlyByteBuffer()));
      } else {
        tensors.add(TypedContents.decode(name, type, shape, input.getContents()));
      }
    }
    return tensors;
  }

  /** Adds {@code outputs} to {@code response} as output metadata and raw contents. */
  static void encodeOutputs(List<Tensor> outputs, ModelInferResponse.Builder response) {
    for (Tensor t : outputs) {
      InferOutputTensor.Builder out =
          InferOutputTensor.newBuilder().setName(t.name()).setDatatype(t.dataType().wireName());
      Shape shape = t.shape();
      for (int d = 0; d < shape.rank(); d++) {
        out.addShape(shape.dim(d));
      }
      response.addOutputs(out);
      response.addRawOutputContents(rawContents(t));
    }
  }

  /** Returns the tensor's data as a byte string, without copying (tensors are immutable). */
  static ByteString rawContents(Tensor t) {
    return UnsafeByteOperations.unsafeWrap(t.data());
  }

  /** Returns the data type named {@code wireName}, or fails naming the input. */
  static DataType dataType(String input, String wireName) {
    return DataType.fromWireName(wireName)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "input '"
                        + input
                        + "': unknown datatype '"
                        + wireName
                        + "' (expected one of "
                        + Arrays.toString(DataType.values())
                        + ")"));
  }

  /** Returns the concrete shape of an input, or fails naming the input and dimension. */
  static Shape shape(String input, List<Long> dims) {
    long[] out = new long[dims.size()];
    for (int i = 0; i < out.length; i++) {
      long d = dims.get(i);
      if (d < 0) {
        throw new InvalidInputException(
            "input '" + input + "': shape[" + i + "] is " + d + " (expected: >= 0)");
      }
      out[i] = d;
    }
    return Shape.of(out);
  }

  /** Returns the number of elements of a typed contents message, over every field. */
  static long totalCount(InferTensorContents c) {
    return (long) c.getBoolContentsCount()
        + c.getIntContentsCount()
        + c.getInt64ContentsCount()
        + c.getUintContentsCount()
        + c.getUint64ContentsCount()
        + c.getFp32ContentsCount()
        + c.getFp64ContentsCount()
        + c.getBytesContentsCount();
  }
}
