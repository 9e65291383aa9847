package io.medulla.server;

import io.medulla.repository.ExecutionAccelerator;
import io.medulla.repository.InstanceGroup;
import io.medulla.repository.InstanceGroup.Kind;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import io.medulla.runtime.onnx.OnnxBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link ModelSpec} of a served model with another instance count, for profiling more instances
 * than its configuration asks for; and the settings its sessions run with.
 *
 * <p>Mirrors {@code io.medulla.repository.ModelSpecs}, which the repository keeps to itself: the
 * same bindings, parameters and execution-provider order, so that the extra instances run as the
 * served ones do.
 *
 * <p>Thread safety: stateless.
 */
final class ProfileModelSpec {
  private ProfileModelSpec() {}

  /** Returns the spec of {@code served} loaded from {@code modelFile} with {@code instances}. */
  static ModelSpec of(ServedModel served, Path modelFile, int instances) {
    List<TensorBinding> inputs =
        served.config().inputs().stream()
            .map(
                i -> new TensorBinding(i.name(), i.dataType(), i.dims(), i.reshape(), i.optional()))
            .toList();
    List<TensorBinding> outputs =
        served.config().outputs().stream()
            .map(o -> new TensorBinding(o.name(), o.dataType(), o.dims(), o.reshape(), false))
            .toList();
    return new ModelSpec(
        served.id(),
        modelFile,
        served.config().maxBatchSize(),
        inputs,
        outputs,
        instances,
        executionProviders(served),
        served.config().parameters());
  }

  /**
   * Returns the providers the model's config asks for, in order: as the repository does, GPU
   * accelerators unless every instance group is KIND_CPU, CUDA for KIND_GPU, then CPU accelerators.
   * Empty leaves the choice to the backend's settings.
   */
  static List<ExecutionProvider> executionProviders(ServedModel served) {
    List<InstanceGroup> groups = served.config().instanceGroups();
    boolean cpuOnly = !groups.isEmpty() && groups.stream().allMatch(g -> g.kind() == Kind.KIND_CPU);
    boolean gpu = groups.stream().anyMatch(g -> g.kind() == Kind.KIND_GPU);
    List<ExecutionProvider> out = new ArrayList<>();
    if (!cpuOnly) {
      for (ExecutionAccelerator a : served.config().gpuExecutionAccelerators()) {
        out.add(provider(a));
      }
      if (gpu && out.stream().noneMatch(p -> p.name().equals("cuda"))) {
        out.add(new ExecutionProvider("cuda", Map.of()));
      }
    }
    for (ExecutionAccelerator a : served.config().cpuExecutionAccelerators()) {
      out.add(provider(a));
    }
    return out;
  }

  /**
   * Returns the thread count the model's sessions use: its parameter {@code key} when it sets a
   * valid one (the backend refuses to load an invalid one), else {@code fallback}.
   */
  static int threads(ServedModel served, String key, int fallback) {
    String value = served.config().parameters().get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      return n >= 0 ? n : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Returns the intra-op threads of the model's sessions. */
  static int intraOpThreads(ServedModel served, int fallback) {
    return threads(served, OnnxBackend.INTRA_OP_THREAD_COUNT, fallback);
  }

  /** Returns the inter-op threads of the model's sessions. */
  static int interOpThreads(ServedModel served, int fallback) {
    return threads(served, OnnxBackend.INTER_OP_THREAD_COUNT, fallback);
  }

  private static ExecutionProvider provider(ExecutionAccelerator a) {
    return new ExecutionProvider(a.name().toLowerCase(Locale.ROOT), a.parameters());
  }
}
