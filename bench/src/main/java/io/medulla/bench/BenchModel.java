package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The model every mode runs, as the server loaded it, and the one request every mode sends.
 *
 * @param name the model name
 * @param version the version the server serves (the highest when it serves several)
 * @param file the model file, for the raw ONNX Runtime mode
 * @param config the completed configuration the server uses
 * @param inputs the request's input tensors (random data, fixed for the run)
 * @param outputNames every output, in configuration order
 * @param expectedOutputBytes the bytes a response's outputs must hold, or -1 when an output has a
 *     variable dimension
 */
record BenchModel(
    String name,
    String version,
    Path file,
    ModelConfig config,
    List<Tensor> inputs,
    List<String> outputNames,
    long expectedOutputBytes) {
  /** Creates a model description; copies the lists. */
  BenchModel {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    requireNonNull(file, "file");
    requireNonNull(config, "config");
    inputs = List.copyOf(inputs);
    outputNames = List.copyOf(outputNames);
  }

  /**
   * Describes {@code model} as {@code engine} serves it from {@code repository}, with a request of
   * {@code batchSize} samples of seeded random data.
   *
   * @throws IllegalArgumentException if the model's inputs cannot be generated (variable
   *     dimensions, strings), or it batches less than {@code batchSize}
   */
  static BenchModel resolve(
      InferenceEngine engine, Path repository, String model, int batchSize, long seed) {
    ModelConfig config = engine.modelConfig(model, "");
    String version =
        engine.modelMetadata(model, "").versions().stream()
            .max(Comparator.comparingLong(Long::parseLong))
            .orElseThrow(() -> new IllegalArgumentException(model + ": no version is served"));
    boolean batches = config.maxBatchSize() > 0;
    if (batches ? batchSize > config.maxBatchSize() : batchSize != 1) {
      throw new IllegalArgumentException(
          "--batch-size: "
              + batchSize
              + " (model '"
              + model
              + "' has max_batch_size "
              + config.maxBatchSize()
              + ")");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Tensor> inputs = new ArrayList<>();
    for (ModelInput input : config.inputs()) {
      Shape shape = batches ? input.dims().prepend(batchSize) : input.dims();
      inputs.add(randomTensor(model, input.name(), input.dataType(), shape, random));
    }
    long outputBytes = 0;
    for (ModelOutput output : config.outputs()) {
      Shape shape = batches ? output.dims().prepend(batchSize) : output.dims();
      long elements = shape.elementCount().orElse(-1);
      if (elements < 0 || !output.dataType().isFixedSize()) {
        outputBytes = -1;
        break;
      }
      outputBytes += elements * output.dataType().byteSize();
    }
    Path file = repository.resolve(model).resolve(version).resolve(config.defaultModelFilename());
    List<String> outputNames = config.outputs().stream().map(ModelOutput::name).toList();
    return new BenchModel(model, version, file, config, inputs, outputNames, outputBytes);
  }

  /** Returns the model's total instance count: the size of the raw mode's session pool. */
  int instanceCount() {
    return config.instanceCount();
  }

  /** Returns whether the server may batch requests together for this model. */
  boolean hasDynamicBatching() {
    return config.dynamicBatching() != null;
  }

  /** Returns the samples in one request (the leading dimension when the model batches). */
  long batchSize() {
    return config.maxBatchSize() > 0 && !inputs.isEmpty() ? inputs.get(0).shape().dim(0) : 1;
  }

  /** Throws when a response's output byte count is not what the model must return. */
  void checkOutputBytes(long bytes) {
    if (expectedOutputBytes >= 0 ? bytes != expectedOutputBytes : bytes <= 0) {
      throw new IllegalStateException(
          "model '"
              + name
              + "' answered with "
              + bytes
              + " bytes of outputs (expected: "
              + (expectedOutputBytes >= 0 ? expectedOutputBytes : "> 0")
              + ")");
    }
  }

  private static Tensor randomTensor(
      String model, String name, DataType type, Shape shape, SplittableRandom random) {
    long elements =
        shape
            .elementCount()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        model + ": input '" + name + "' has a variable shape " + shape));
    if (!type.isFixedSize()) {
      throw new IllegalArgumentException(
          model + ": input '" + name + "' is " + type + " (expected: a numeric type)");
    }
    ByteBuffer data =
        ByteBuffer.allocate(Math.toIntExact(elements * type.byteSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < elements; i++) {
      switch (type) {
        case FP32 -> data.putFloat((float) random.nextDouble());
        case FP64 -> data.putDouble(random.nextDouble());
        case INT32 -> data.putInt(random.nextInt(100));
        case INT64 -> data.putLong(random.nextInt(100));
        default -> {
          for (int b = 0; b < type.byteSize(); b++) {
            data.put((byte) random.nextInt(2));
          }
        }
      }
    }
    data.flip();
    return Tensor.of(name, type, shape, data);
  }
}
