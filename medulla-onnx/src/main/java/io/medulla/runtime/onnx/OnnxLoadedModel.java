package io.medulla.runtime.onnx;

import ai.onnxruntime.OrtException;
import io.medulla.inference.ModelId;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A model version loaded into ONNX Runtime: one session per instance. */
final class OnnxLoadedModel implements LoadedModel {
  private static final Logger logger = LoggerFactory.getLogger(OnnxLoadedModel.class);

  private final ModelId id;
  private final List<OnnxModelInstance> instances;
  private final long memoryBytes;
  private final AtomicBoolean closed = new AtomicBoolean();

  OnnxLoadedModel(ModelId id, List<OnnxModelInstance> instances, long memoryBytes) {
    this.id = id;
    this.instances = List.copyOf(instances);
    this.memoryBytes = memoryBytes;
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public int instanceCount() {
    return instances.size();
  }

  @Override
  public ModelInstance instance(int index) {
    return instances.get(index);
  }

  /**
   * Returns an estimate: the model file's size times the number of instances, since each session
   * holds its own copy of the weights. Activations and arena memory are not counted.
   */
  @Override
  public long memoryBytes() {
    return memoryBytes;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (OnnxModelInstance instance : instances) {
      try {
        instance.close();
      } catch (OrtException e) {
        // Keep closing the others; a session that fails to close leaks only native memory.
        logger.warn("model {}: closing an ONNX Runtime session failed", id, e);
      }
    }
  }
}
