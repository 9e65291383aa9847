package io.medulla.repository;

import io.medulla.repository.InstanceGroup.Kind;
import io.medulla.repository.TextValue.Message;
import io.medulla.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Triton {@code config.pbtxt} into a {@link ConfigDraft}. Fields Triton has but Medulla
 * does not use (sequence batching, ensembles, response cache, ...) are logged at debug and ignored;
 * any other field is an error that names it.
 */
final class ModelConfigReader {
  private static final Set<String> READ =
      Set.of(
          "name",
          "platform",
          "backend",
          "max_batch_size",
          "input",
          "output",
          "version_policy",
          "instance_group",
          "dynamic_batching",
          "model_warmup",
          "parameters",
          "optimization",
          "default_model_filename");
  private static final Set<String> TRITON_ONLY =
      Set.of(
          "runtime",
          "batch_input",
          "batch_output",
          "sequence_batching",
          "ensemble_scheduling",
          "cc_model_filenames",
          "metric_tags",
          "model_operations",
          "model_transaction_policy",
          "model_repository_agents",
          "response_cache");
  private static final List<String> KINDS = Arrays.stream(Kind.values()).map(Enum::name).toList();

  private ModelConfigReader() {}

  /**
   * Parses and reads a config file.
   *
   * @param source the model-relative file name, as in {@code simple/config.pbtxt}
   * @param text the file contents
   * @param folderName the model folder's name, which the config's name must equal
   * @throws ModelLoadException naming file, line, column and field of the first problem
   */
  static ConfigDraft read(String source, String text, String folderName) {
    Message root = TextFormatParser.parse(source, text);
    ConfigMessage m = new ConfigMessage(source, "", root);
    m.checkFields(READ, TRITON_ONLY);
    String name = m.string("name", folderName);
    if (!name.equals(folderName)) {
      throw m.errorAtField(
          "name",
          "'" + name + "' does not match the model folder '" + folderName + "' (expected: equal)");
    }
    Long maxBatchSize = m.int64("max_batch_size", 0, Integer.MAX_VALUE);
    return new ConfigDraft(
        source,
        true,
        name,
        m.string("platform", ""),
        m.string("backend", ""),
        maxBatchSize == null ? null : maxBatchSize.intValue(),
        TensorConfigReader.inputs(m),
        TensorConfigReader.outputs(m),
        versionPolicy(m),
        instanceGroups(m),
        BatchingConfigReader.dynamicBatching(m),
        TensorConfigReader.warmups(m),
        parameters(m),
        accelerators(m, "cpu_execution_accelerator"),
        accelerators(m, "gpu_execution_accelerator"),
        m.string("default_model_filename", ""));
  }

  private static VersionPolicy versionPolicy(ConfigMessage config) {
    ConfigMessage m = config.message("version_policy");
    if (m == null) {
      return VersionPolicy.latestOne();
    }
    m.checkFields(Set.of("latest", "all", "specific"), Set.of());
    int set = (m.has("latest") ? 1 : 0) + (m.has("all") ? 1 : 0) + (m.has("specific") ? 1 : 0);
    if (set != 1) {
      throw m.error(
          "latest", "exactly one of latest, all, specific must be set (found " + set + ")");
    }
    ConfigMessage latest = m.message("latest");
    if (latest != null) {
      latest.checkFields(Set.of("num_versions"), Set.of());
      return new VersionPolicy.Latest(latest.int32("num_versions", 1, 1));
    }
    ConfigMessage all = m.message("all");
    if (all != null) {
      all.checkFields(Set.of(), Set.of());
      return new VersionPolicy.All();
    }
    ConfigMessage specific = requireMessage(m, "specific");
    specific.checkFields(Set.of("versions"), Set.of());
    List<Long> versions = specific.int64s("versions", 1);
    if (versions.isEmpty()) {
      throw specific.error("versions", "empty (expected: at least one version)");
    }
    return new VersionPolicy.Specific(versions);
  }

  private static List<InstanceGroup> instanceGroups(ConfigMessage config) {
    List<InstanceGroup> groups = new ArrayList<>();
    for (ConfigMessage g : config.messages("instance_group")) {
      g.checkFields(
          Set.of("name", "count", "kind", "gpus"),
          Set.of("rate_limiter", "secondary_devices", "profile", "passive", "host_policy"));
      Kind kind = g.enumValue("kind", "an instance kind", KINDS, ModelConfigReader::kind);
      List<Integer> gpus = g.int64s("gpus", 0).stream().map(Long::intValue).toList();
      Kind resolved = kind == null ? Kind.KIND_AUTO : kind;
      if (!gpus.isEmpty() && resolved != Kind.KIND_GPU && resolved != Kind.KIND_AUTO) {
        throw g.errorAtField("gpus", "set for " + resolved + " (expected: only with KIND_GPU)");
      }
      groups.add(new InstanceGroup(g.string("name", ""), g.int32("count", 1, 1), resolved, gpus));
    }
    return groups;
  }

  private static Map<String, String> parameters(ConfigMessage config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigMessage entry : config.messages("parameters")) {
      entry.checkFields(Set.of("key", "value"), Set.of());
      String key = entry.string("key", "");
      ConfigMessage value = entry.message("value");
      if (key.isEmpty() || value == null) {
        throw entry.error(
            "key", "incomplete map entry (expected: key: \"k\" value: { string_value: \"v\" })");
      }
      value.checkFields(Set.of("string_value"), Set.of());
      if (out.put(key, value.string("string_value", "")) != null) {
        throw entry.errorAtField("key", "'" + key + "' is listed twice (expected: once)");
      }
    }
    return out;
  }

  private static List<ExecutionAccelerator> accelerators(ConfigMessage config, String field) {
    ConfigMessage optimization = config.message("optimization");
    if (optimization == null) {
      return List.of();
    }
    optimization.checkFields(
        Set.of("execution_accelerators"),
        Set.of(
            "graph",
            "priority",
            "cuda",
            "input_pinned_memory",
            "output_pinned_memory",
            "gather_kernel_buffer_threshold",
            "eager_batching"));
    ConfigMessage accelerators = optimization.message("execution_accelerators");
    if (accelerators == null) {
      return List.of();
    }
    accelerators.checkFields(
        Set.of("cpu_execution_accelerator", "gpu_execution_accelerator"), Set.of());
    List<ExecutionAccelerator> out = new ArrayList<>();
    for (ConfigMessage a : accelerators.messages(field)) {
      a.checkFields(Set.of("name", "parameters"), Set.of());
      String name = a.string("name", "");
      if (name.isEmpty()) {
        throw a.error("name", "missing (expected: an accelerator name such as \"openvino\")");
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (ConfigMessage p : a.messages("parameters")) {
        p.checkFields(Set.of("key", "value"), Set.of());
        String key = p.string("key", "");
        if (key.isEmpty() || !p.has("value")) {
          throw p.error("key", "incomplete map entry (expected: key: \"k\" value: \"v\")");
        }
        params.put(key, p.string("value", ""));
      }
      out.add(new ExecutionAccelerator(name, params));
    }
    return out;
  }

  private static ConfigMessage requireMessage(ConfigMessage m, String field) {
    ConfigMessage child = m.message(field);
    if (child == null) {
      throw m.error(field, "missing");
    }
    return child;
  }

  private static @Nullable Kind kind(String name) {
    for (Kind k : Kind.values()) {
      if (k.name().equals(name)) {
        return k;
      }
    }
    return null;
  }
}
