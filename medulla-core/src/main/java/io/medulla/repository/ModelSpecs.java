package io.medulla.repository;

import io.medulla.inference.ModelId;
import io.medulla.repository.InstanceGroup.Kind;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reduces a completed {@link ModelConfig} to the {@link ModelSpec} a backend loads. */
final class ModelSpecs {
  private ModelSpecs() {}

  static ModelSpec of(ModelId id, Path modelFile, ModelConfig config) {
    List<TensorBinding> inputs =
        config.inputs().stream()
            .map(
                i -> new TensorBinding(i.name(), i.dataType(), i.dims(), i.reshape(), i.optional()))
            .toList();
    List<TensorBinding> outputs =
        config.outputs().stream()
            .map(o -> new TensorBinding(o.name(), o.dataType(), o.dims(), o.reshape(), false))
            .toList();
    return new ModelSpec(
        id,
        modelFile,
        config.maxBatchSize(),
        inputs,
        outputs,
        config.instanceCount(),
        executionProviders(config),
        config.parameters());
  }

  /**
   * Returns the providers to try in order. As Triton's ONNX Runtime backend does, GPU accelerators
   * apply unless every instance group is KIND_CPU, and KIND_GPU implies CUDA; CPU accelerators
   * follow. An empty list leaves the choice to the backend.
   */
  static List<ExecutionProvider> executionProviders(ModelConfig config) {
    List<InstanceGroup> groups = config.instanceGroups();
    boolean cpuOnly = !groups.isEmpty() && groups.stream().allMatch(g -> g.kind() == Kind.KIND_CPU);
    boolean gpu = groups.stream().anyMatch(g -> g.kind() == Kind.KIND_GPU);
    List<ExecutionProvider> out = new ArrayList<>();
    if (!cpuOnly) {
      for (ExecutionAccelerator a : config.gpuExecutionAccelerators()) {
        out.add(provider(a));
      }
      if (gpu && out.stream().noneMatch(p -> p.name().equals("cuda"))) {
        out.add(new ExecutionProvider("cuda", Map.of()));
      }
    }
    for (ExecutionAccelerator a : config.cpuExecutionAccelerators()) {
      out.add(provider(a));
    }
    return out;
  }

  private static ExecutionProvider provider(ExecutionAccelerator a) {
    return new ExecutionProvider(a.name().toLowerCase(Locale.ROOT), a.parameters());
  }
}
