package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A model configuration as read from {@code config.pbtxt} (or an empty one when the model has no
 * such file), before completion from the model file: {@code maxBatchSize} may be unset and inputs
 * and outputs may be missing or partial.
 *
 * @param source the model-relative config file, as in {@code simple/config.pbtxt}
 * @param hasFile whether the file exists
 * @param name the model name (the folder name when the file leaves it out)
 * @param platform the platform field, or empty
 * @param backend the backend field, or empty
 * @param maxBatchSize the max_batch_size field, or null when left out
 * @param inputs the configured inputs
 * @param outputs the configured outputs
 * @param versionPolicy the version policy (latest 1 when left out)
 * @param instanceGroups the instance groups
 * @param dynamicBatching the dynamic batcher settings, or null
 * @param modelWarmup the warm-up entries
 * @param parameters the string parameters
 * @param cpuExecutionAccelerators CPU execution accelerators
 * @param gpuExecutionAccelerators GPU execution accelerators
 * @param defaultModelFilename the default_model_filename field, or empty
 */
record ConfigDraft(
    String source,
    boolean hasFile,
    String name,
    String platform,
    String backend,
    @Nullable Integer maxBatchSize,
    List<TensorDraft> inputs,
    List<TensorDraft> outputs,
    VersionPolicy versionPolicy,
    List<InstanceGroup> instanceGroups,
    @Nullable DynamicBatching dynamicBatching,
    List<ModelWarmup> modelWarmup,
    Map<String, String> parameters,
    List<ExecutionAccelerator> cpuExecutionAccelerators,
    List<ExecutionAccelerator> gpuExecutionAccelerators,
    String defaultModelFilename) {

  ConfigDraft {
    requireNonNull(source, "source");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    instanceGroups = List.copyOf(instanceGroups);
    modelWarmup = List.copyOf(modelWarmup);
    parameters = Map.copyOf(parameters);
    cpuExecutionAccelerators = List.copyOf(cpuExecutionAccelerators);
    gpuExecutionAccelerators = List.copyOf(gpuExecutionAccelerators);
  }

  /** Returns the draft of a model folder without {@code config.pbtxt}. */
  static ConfigDraft empty(String source, String name) {
    return new ConfigDraft(
        source,
        false,
        name,
        "",
        "",
        null,
        List.of(),
        List.of(),
        VersionPolicy.latestOne(),
        List.of(),
        null,
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        "");
  }
}
