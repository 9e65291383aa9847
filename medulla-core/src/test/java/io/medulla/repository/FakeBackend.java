package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.ModelId;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.Backend;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import io.medulla.runtime.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted ONNX-like backend: signatures by model name (or "model/version"), load failures by
 * "model/version", and a record of every spec it loaded.
 */
final class FakeBackend implements Backend {
  /** A batchable signature: x FP32 [-1, 4] -> y FP32 [-1, 2]. */
  static final ModelSignature BATCHABLE =
      new ModelSignature(
          List.of(TensorSpec.of("x", DataType.FP32, Shape.of(-1, 4))),
          List.of(TensorSpec.of("y", DataType.FP32, Shape.of(-1, 2))));

  private final Map<String, ModelSignature> signatures = new ConcurrentHashMap<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  final List<ModelSpec> loaded = new CopyOnWriteArrayList<>();
  final List<FakeLoadedModel> models = new CopyOnWriteArrayList<>();

  FakeBackend signature(String key, ModelSignature signature) {
    signatures.put(key, signature);
    return this;
  }

  FakeBackend failLoad(String modelVersion) {
    failing.add(modelVersion);
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
    if (failing.contains(spec.id().toString())) {
      throw new ModelLoadException(
          spec.id().name() + "/" + spec.id().version() + "/model.onnx: scripted failure");
    }
    loaded.add(spec);
    FakeLoadedModel m = new FakeLoadedModel(spec.id(), spec.instanceCount());
    models.add(m);
    return m;
  }

  /** A loaded model that only records whether it was closed. */
  static final class FakeLoadedModel implements LoadedModel {
    private final ModelId id;
    private final int instances;
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
      return (inputs, outputNames) -> List.of();
    }

    @Override
    public long memoryBytes() {
      return 0;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
