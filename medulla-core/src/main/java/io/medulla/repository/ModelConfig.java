package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A model's configuration: the fields of Triton's {@code config.pbtxt} that Medulla reads,
 * completed from the model file where the file left them out.
 *
 * @param name the model name (equal to its folder name)
 * @param platform Triton's platform field, as in "onnxruntime_onnx"; may be empty
 * @param backend Triton's backend field, as in "onnxruntime"; may be empty
 * @param maxBatchSize the largest batch; 0 means no batch dimension
 * @param inputs the inputs, in declaration order
 * @param outputs the outputs, in declaration order
 * @param versionPolicy which versions on disk are served
 * @param instanceGroups how many instances of which kind
 * @param dynamicBatching the dynamic batcher's settings, or null when the model does not batch
 *     requests together
 * @param modelWarmup warm-up requests run before a version is ready
 * @param parameters free-form string parameters
 * @param cpuExecutionAccelerators {@code
 *     optimization.execution_accelerators.cpu_execution_accelerator}
 * @param gpuExecutionAccelerators {@code
 *     optimization.execution_accelerators.gpu_execution_accelerator}
 * @param defaultModelFilename the file looked for in each version folder
 */
public record ModelConfig(
    String name,
    String platform,
    String backend,
    int maxBatchSize,
    List<ModelInput> inputs,
    List<ModelOutput> outputs,
    VersionPolicy versionPolicy,
    List<InstanceGroup> instanceGroups,
    @Nullable DynamicBatching dynamicBatching,
    List<ModelWarmup> modelWarmup,
    Map<String, String> parameters,
    List<ExecutionAccelerator> cpuExecutionAccelerators,
    List<ExecutionAccelerator> gpuExecutionAccelerators,
    String defaultModelFilename) {
  /** Creates a configuration; validates and copies. */
  public ModelConfig {
    requireNonNull(name, "name");
    requireNonNull(platform, "platform");
    requireNonNull(backend, "backend");
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("max_batch_size: " + maxBatchSize + " (expected: >= 0)");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    requireNonNull(versionPolicy, "versionPolicy");
    instanceGroups = List.copyOf(instanceGroups);
    modelWarmup = List.copyOf(modelWarmup);
    parameters = Map.copyOf(parameters);
    cpuExecutionAccelerators = List.copyOf(cpuExecutionAccelerators);
    gpuExecutionAccelerators = List.copyOf(gpuExecutionAccelerators);
    requireNonNull(defaultModelFilename, "defaultModelFilename");
  }

  /** Returns the total instance count over all instance groups (1 when none is configured). */
  public int instanceCount() {
    int n = instanceGroups.stream().mapToInt(InstanceGroup::count).sum();
    return n > 0 ? n : 1;
  }
}
