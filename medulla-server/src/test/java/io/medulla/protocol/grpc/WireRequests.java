package io.medulla.protocol.grpc;

import com.google.protobuf.ByteString;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import io.medulla.protocol.grpc.proto.ModelInferRequest;
import io.medulla.protocol.grpc.proto.ModelInferRequest.InferInputTensor;
import io.medulla.protocol.grpc.proto.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds wire requests and reads wire responses the way Triton's clients do. */
final class WireRequests {
  private WireRequests() {}

  static InferInputTensor input(String name, String datatype, long... shape) {
    InferInputTensor.Builder b = InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
    for (long d : shape) {
      b.addShape(d);
    }
    return b.build();
  }

  static ByteString ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return ByteString.copyFrom(b);
  }

  static ByteString floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return ByteString.copyFrom(b);
  }

  static ByteString strings(String... values) {
    ByteString.Output out = ByteString.newOutput();
    for (String v : values) {
      byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
      ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length);
      out.write(len.array(), 0, 4);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteString();
  }

  static int[] range(int from, int count) {
    int[] v = new int[count];
    for (int i = 0; i < count; i++) {
      v[i] = from + i;
    }
    return v;
  }

  /** Returns Triton's "simple" request: INPUT0 = 0..15, INPUT1 = 1s, both [1,16], raw. */
  static ModelInferRequest.Builder simpleRaw() {
    int[] ones = new int[16];
    java.util.Arrays.fill(ones, 1);
    return ModelInferRequest.newBuilder()
        .setModelName("simple")
        .addInputs(input("INPUT0", "INT32", 1, 16))
        .addInputs(input("INPUT1", "INT32", 1, 16))
        .addRawInputContents(ints(range(0, 16)))
        .addRawInputContents(ints(ones));
  }

  /** Returns the same request with typed int_contents. */
  static ModelInferRequest.Builder simpleTyped() {
    InferTensorContents.Builder a = InferTensorContents.newBuilder();
    InferTensorContents.Builder b = InferTensorContents.newBuilder();
    for (int i = 0; i < 16; i++) {
      a.addIntContents(i);
      b.addIntContents(1);
    }
    return ModelInferRequest.newBuilder()
        .setModelName("simple")
        .addInputs(input("INPUT0", "INT32", 1, 16).toBuilder().setContents(a))
        .addInputs(input("INPUT1", "INT32", 1, 16).toBuilder().setContents(b));
  }

  static int[] rawInts(ModelInferResponse r, int output) {
    ByteBuffer b =
        r.getRawOutputContents(output).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[b.remaining() / 4];
    b.asIntBuffer().get(v);
    return v;
  }

  static float[] rawFloats(ModelInferResponse r, int output) {
    ByteBuffer b =
        r.getRawOutputContents(output).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }
}
