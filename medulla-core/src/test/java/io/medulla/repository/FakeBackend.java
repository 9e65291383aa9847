package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.Backend;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import io.medulla.runtime.ModelSpec;
import io.medulla.time.ManualTicker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A scripted ONNX-like backend: signatures by model name (or "model/version"), load and execute
 * failures by "model/version", a record of every spec it loaded and every execution, and hooks that
 * let tests hold a load open or advance a manual ticker.
 */
final class FakeBackend implements Backend {
  /** A batchable signature: x FP32 [-1, 4] -> y FP32 [-1, 2]. */
  static final ModelSignature BATCHABLE =
      new ModelSignature(
          List.of(TensorSpec.of("x", DataType.FP32, Shape.of(-1, 4))),
          List.of(TensorSpec.of("y", DataType.FP32, Shape.of(-1, 2))));

  private final Map<String, ModelSignature> signatures = new ConcurrentHashMap<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Set<String> failingExecute = ConcurrentHashMap.newKeySet();
  final List<ModelSpec> loaded = new CopyOnWriteArrayList<>();
  final List<FakeLoadedModel> models = new CopyOnWriteArrayList<>();

  /** Where loads and executions are logged as "load m/1" and "execute m/1 #0"; may be shared. */
  volatile List<String> journal = new CopyOnWriteArrayList<>();

  /** Runs at the start of every load, on the loading thread: tests block it on latches. */
  volatile Consumer<ModelSpec> onLoad = spec -> {};

  volatile @Nullable ManualTicker ticker;
  volatile Duration loadTime = Duration.ZERO;
  volatile Duration executeTime = Duration.ZERO;
  volatile long memoryBytes;

  FakeBackend signature(String key, ModelSignature signature) {
    signatures.put(key, signature);
    return this;
  }

  FakeBackend failLoad(String modelVersion) {
    failing.add(modelVersion);
    return this;
  }

  FakeBackend failExecute(String modelVersion) {
    failingExecute.add(modelVersion);
    return this;
  }

  /** Advances {@code ticker} by {@code load} in every load and {@code execute} per execution. */
  FakeBackend ticking(ManualTicker ticker, Duration load, Duration execute) {
    this.ticker = ticker;
    this.loadTime = load;
    this.executeTime = execute;
    return this;
  }

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public boolean accepts(String platform, String backend) {
    return platform.equals("onnxruntime_onnx") || backend.equals("onnxruntime");
  }

  @Override
  public String defaultModelFilename() {
    return "model.onnx";
  }

  @Override
  public String platform() {
    return "onnxruntime_onnx";
  }

  @Override
  public ModelSignature inspect(Path modelFile) {
    String version = modelFile.getParent().getFileName().toString();
    String model = modelFile.getParent().getParent().getFileName().toString();
    ModelSignature s = signatures.get(model + "/" + version);
    if (s == null) {
      s = signatures.get(model);
    }
    return s != null ? s : BATCHABLE;
  }

  @Override
  public LoadedModel load(ModelSpec spec) {
    onLoad.accept(spec);
    advance(loadTime);
    if (failing.contains(spec.id().toString())) {
      throw new ModelLoadException(
          spec.id().name() + "/" + spec.id().version() + "/model.onnx: scripted failure");
    }
    journal.add("load " + spec.id());
    loaded.add(spec);
    FakeLoadedModel m = new FakeLoadedModel(spec.id(), spec.instanceCount());
    models.add(m);
    return m;
  }

  private void advance(Duration d) {
    ManualTicker t = ticker;
    if (t != null) {
      t.advance(d);
    }
  }

  /**
   * One execution on an instance.
   *
   * @param instance the instance index
   * @param inputs the input tensors
   * @param outputs the requested output names
   */
  record Execution(int instance, List<Tensor> inputs, List<String> outputs) {}

  /** A loaded model that records its executions and whether it was closed. */
  final class FakeLoadedModel implements LoadedModel {
    private final ModelId id;
    private final int instances;
    final List<Execution> executions = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    FakeLoadedModel(ModelId id, int instances) {
      this.id = id;
      this.instances = instances;
    }

    @Override
    public ModelId id() {
      return id;
    }

    @Override
    public int instanceCount() {
      return instances;
    }

    @Override
    public ModelInstance instance(int index) {
      return (inputs, outputNames) -> {
        advance(executeTime);
        journal.add("execute " + id + " #" + index);
        executions.add(new Execution(index, List.copyOf(inputs), List.copyOf(outputNames)));
        if (failingExecute.contains(id.toString())) {
          throw new InferenceException(StatusCode.INTERNAL, "scripted failure");
        }
        return List.of();
      };
    }

    @Override
    public long memoryBytes() {
      return memoryBytes;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
