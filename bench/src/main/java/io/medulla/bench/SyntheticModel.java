package io.medulla.bench;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a model whose load costs what a real one does, for G7's {@code --synthetic-mib}: a deep
 * MLP ({@code input [batch, 1024]} → MatMul 1024×1024 + Relu, repeated → {@code output [batch,
 * 1024]}) with about the given mebibytes of FP32 weights, as an ONNX file (IR 8, opset 13) and a
 * {@code config.pbtxt}. The example models are tiny (100 KB) and load in a millisecond or two;
 * clinical models are tens to hundreds of megabytes.
 *
 * <p>The ONNX protobuf is written field by field (field numbers from {@code onnx.proto}), so that
 * the benchmark needs no ONNX library and no model file is committed. Weights are seeded random
 * values scaled by 1/√1024, so activations stay finite.
 */
final class SyntheticModel {
  static final String NAME = "synthetic_mlp";
  private static final int WIDTH = 1024;
  private static final int FLOAT = 1;
  private static final long LAYER_BYTES = 4L * WIDTH * WIDTH;

  private SyntheticModel() {}

  /** Writes {@code repository/synthetic_mlp} with about {@code mebibytes} MiB of weights. */
  static void write(Path repository, int mebibytes, long seed) throws IOException {
    int layers = (int) Math.max(1, Math.round(mebibytes * (1L << 20) / (double) LAYER_BYTES));
    Path dir = repository.resolve(NAME);
    Files.createDirectories(dir.resolve("1"));
    try (OutputStream out = Files.newOutputStream(dir.resolve("1").resolve("model.onnx"))) {
      out.write(model(layers, seed));
    }
    Files.writeString(
        dir.resolve("config.pbtxt"),
        "name: \""
            + NAME
            + "\"\n"
            + "platform: \"onnxruntime_onnx\"\n"
            + "max_batch_size: 8\n"
            + "input [ { name: \"input\" data_type: TYPE_FP32 dims: [ "
            + WIDTH
            + " ] } ]\n"
            + "output [ { name: \"output\" data_type: TYPE_FP32 dims: [ "
            + WIDTH
            + " ] } ]\n",
        StandardCharsets.UTF_8);
  }

  private static byte[] model(int layers, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Message graph = new Message();
    String x = "input";
    for (int i = 0; i < layers; i++) {
      String w = "w" + i;
      String product = "mm" + i;
      String activation = i == layers - 1 ? "output" : "relu" + i;
      graph.message(5, weights(w, random));
      graph.message(1, node("MatMul" + i, "MatMul", new String[] {x, w}, product));
      graph.message(1, node("Relu" + i, "Relu", new String[] {product}, activation));
      x = activation;
    }
    graph.string(2, NAME);
    graph.message(11, valueInfo("input"));
    graph.message(12, valueInfo("output"));
    Message opset = new Message().string(1, "").int64(2, 13);
    return new Message()
        .int64(1, 8)
        .string(2, "medulla-bench")
        .message(7, graph)
        .message(8, opset)
        .bytes();
  }

  private static Message node(String name, String op, String[] inputs, String output)
      throws IOException {
    Message node = new Message();
    for (String in : inputs) {
      node.string(1, in);
    }
    return node.string(2, output).string(3, name).string(4, op);
  }

  private static Message weights(String name, SplittableRandom random) throws IOException {
    ByteBuffer data = ByteBuffer.allocate((int) LAYER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    double scale = 1 / Math.sqrt(WIDTH);
    while (data.hasRemaining()) {
      data.putFloat((float) ((random.nextDouble() * 2 - 1) * scale));
    }
    return new Message()
        .int64(1, WIDTH)
        .int64(1, WIDTH)
        .int64(2, FLOAT)
        .string(8, name)
        .raw(9, data.array());
  }

  private static Message valueInfo(String name) throws IOException {
    Message batch = new Message().string(2, "batch");
    Message width = new Message().int64(1, WIDTH);
    Message shape = new Message().message(1, batch).message(1, width);
    Message tensor = new Message().int64(1, FLOAT).message(2, shape);
    return new Message().string(1, name).message(2, new Message().message(1, tensor));
  }

  /** A protobuf message written field by field. */
  private static final class Message {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    Message int64(int field, long value) throws IOException {
      out.writeInt64(field, value);
      return this;
    }

    Message string(int field, String value) throws IOException {
      out.writeString(field, value);
      return this;
    }

    Message raw(int field, byte[] value) throws IOException {
      out.writeByteArray(field, value);
      return this;
    }

    Message message(int field, Message value) throws IOException {
      return raw(field, value.bytes());
    }

    byte[] bytes() throws IOException {
      out.flush();
      return buffer.toByteArray();
    }
  }
}
