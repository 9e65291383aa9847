package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.repository.ModelWarmup.WarmupInput;
import io.medulla.runtime.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Builds a model's warm-up requests from its configuration.
 *
 * <p>With {@code model_warmup}, one request per entry, as Triton: each input's dims (a dynamic
 * {@code -1} becomes 1) with the batch dimension {@code batch_size} prepended when the model
 * batches ({@code max_batch_size > 0}); the values of one item are repeated for every batch row; a
 * {@code batch_size} of 0 counts as 1, and a {@code count} of 0 runs once, as Triton's "default 0
 * means once".
 *
 * <p>Without {@code model_warmup}, a default warm-up (unless the parameter {@code
 * medulla.default_warmup} is {@code "false"}): zeros for every required input (optional inputs left
 * out), once per batch size in {1} and the dynamic batcher's preferred sizes up to {@code
 * max_batch_size}; a single request without a batch dimension when the model does not batch.
 *
 * <p>Thread safety: stateless.
 */
final class WarmupPlan {
  private WarmupPlan() {}

  /**
   * Returns the requests to run on each instance, in order.
   *
   * @param modelDir the model folder, holding {@code warmup/} for input data files
   * @throws ModelLoadException naming the model, the sample and the input when an input cannot be
   *     built (unreadable or mis-sized data file, a shape too large)
   */
  static List<WarmupRequest> of(ModelConfig config, Path modelDir) {
    if (!config.modelWarmup().isEmpty()) {
      List<WarmupRequest> out = new ArrayList<>();
      for (int i = 0; i < config.modelWarmup().size(); i++) {
        out.add(configured(config, modelDir, config.modelWarmup().get(i), i));
      }
      return List.copyOf(out);
    }
    if (!MedullaParameters.defaultWarmup(config.parameters())) {
      return List.of();
    }
    if (config.maxBatchSize() == 0) {
      return List.of(defaultRequest(config, "default", 0));
    }
    SortedSet<Integer> sizes = new TreeSet<>();
    sizes.add(1);
    if (config.dynamicBatching() != null) {
      for (int size : config.dynamicBatching().preferredBatchSizes()) {
        if (size >= 1 && size <= config.maxBatchSize()) {
          sizes.add(size);
        }
      }
    }
    List<WarmupRequest> out = new ArrayList<>();
    for (int size : sizes) {
      out.add(defaultRequest(config, "default_batch_" + size, size));
    }
    return List.copyOf(out);
  }

  private static WarmupRequest configured(
      ModelConfig config, Path modelDir, ModelWarmup warmup, int index) {
    String name = warmup.name().isEmpty() ? "model_warmup[" + index + "]" : warmup.name();
    int batch = config.maxBatchSize() > 0 ? Math.max(1, warmup.batchSize()) : 0;
    List<Tensor> inputs = new ArrayList<>();
    // The config's input order, not the map's: the same tensors in the same order on every load.
    for (ModelInput input : config.inputs()) {
      WarmupInput w = warmup.inputs().get(input.name());
      if (w == null) {
        continue;
      }
      String where =
          config.name()
              + "/"
              + RepositoryScanner.CONFIG_FILE
              + ": warm-up '"
              + name
              + "': input '"
              + input.name()
              + "'";
      int elements = elements(w.dims(), where);
      byte[] item =
          switch (w.source()) {
            case ZERO -> WarmupData.zeros(w.dataType(), elements);
            case RANDOM -> WarmupData.random(w.dataType(), elements, input.name());
            case FILE ->
                WarmupFiles.read(modelDir, w.inputDataFile(), w.dataType(), elements, where);
          };
      inputs.add(tensor(input.name(), w.dataType(), concrete(w.dims()), batch, item, where));
    }
    return new WarmupRequest(name, inputs, Math.max(1, warmup.count()));
  }

  private static WarmupRequest defaultRequest(ModelConfig config, String name, int batch) {
    List<Tensor> inputs = new ArrayList<>();
    for (ModelInput input : config.inputs()) {
      if (input.optional()) {
        continue;
      }
      String where =
          config.name() + ": default warm-up '" + name + "': input '" + input.name() + "'";
      byte[] item = WarmupData.zeros(input.dataType(), elements(input.dims(), where));
      inputs.add(
          tensor(input.name(), input.dataType(), concrete(input.dims()), batch, item, where));
    }
    return new WarmupRequest(name, inputs, 1);
  }

  /** Returns the tensor of {@code batch} copies of {@code item}; no batch dimension when 0. */
  private static Tensor tensor(
      String name, DataType type, Shape itemShape, int batch, byte[] item, String where) {
    int rows = Math.max(1, batch);
    ByteBuffer data;
    try {
      data = ByteBuffer.allocate(Math.multiplyExact(item.length, rows));
    } catch (ArithmeticException e) {
      throw tooLarge(where);
    }
    for (int i = 0; i < rows; i++) {
      data.put(item);
    }
    data.flip();
    Shape shape = batch > 0 ? itemShape.prepend(batch) : itemShape;
    return Tensor.of(name, type, shape, data.order(ByteOrder.LITTLE_ENDIAN));
  }

  private static Shape concrete(Shape dims) {
    long[] out = dims.toArray();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == Shape.ANY) {
        out[i] = 1;
      }
    }
    return Shape.of(out);
  }

  private static int elements(Shape dims, String where) {
    long n = concrete(dims).elementCount().orElse(-1);
    if (n < 0 || n > Integer.MAX_VALUE / Long.BYTES) {
      throw tooLarge(where);
    }
    return (int) n;
  }

  private static ModelLoadException tooLarge(String where) {
    return new ModelLoadException(
        where
            + ": the warm-up tensor is too large (expected: at most "
            + Integer.MAX_VALUE / Long.BYTES
            + " elements and 2 GiB)");
  }
}
