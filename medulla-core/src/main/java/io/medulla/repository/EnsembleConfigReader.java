package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.repository.TextValue.Message;
import io.medulla.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Triton ensemble's {@code config.pbtxt}: name, platform, max_batch_size, inputs, outputs
 * and {@code ensemble_scheduling}; the fields of other models are refused, Triton-only ones
 * ignored.
 */
public final class EnsembleConfigReader {
  private static final Set<String> READ =
      Set.of(
          "name",
          "platform",
          "max_batch_size",
          "input",
          "output",
          "ensemble_scheduling",
          "version_policy",
          "parameters");
  private static final Set<String> TRITON_ONLY =
      Set.of("metric_tags", "model_repository_agents", "response_cache", "model_operations");

  private EnsembleConfigReader() {}

  /** Returns whether {@code text} is a config whose platform is {@code ensemble}. */
  public static boolean isEnsemble(String source, String text) {
    try {
      ConfigMessage m = new ConfigMessage(source, "", TextFormatParser.parse(source, text));
      return EnsembleConfig.PLATFORM.equals(m.string("platform", ""));
    } catch (ModelLoadException e) {
      return false; // a broken config is reported when the model loads
    }
  }

  /**
   * Reads an ensemble configuration.
   *
   * @param source the repository-relative file name, as in {@code chain/config.pbtxt}
   * @param folderName the ensemble folder's name, which the config's name must equal
   * @throws ModelLoadException naming file, line, column and field of the first problem
   */
  public static EnsembleConfig read(String source, String text, String folderName) {
    Message root = TextFormatParser.parse(source, text);
    ConfigMessage m = new ConfigMessage(source, "", root);
    m.checkFields(READ, TRITON_ONLY);
    String name = m.string("name", folderName);
    if (!name.equals(folderName)) {
      throw m.errorAtField(
          "name",
          "'" + name + "' does not match the model folder '" + folderName + "' (expected: equal)");
    }
    String platform = m.string("platform", "");
    if (!platform.equals(EnsembleConfig.PLATFORM)) {
      throw m.errorAtField("platform", "'" + platform + "' (expected: \"ensemble\")");
    }
    int maxBatchSize = (int) m.int64("max_batch_size", 0, 0, Integer.MAX_VALUE);
    List<ModelInput> inputs = new ArrayList<>();
    for (TensorDraft t : TensorConfigReader.inputs(m)) {
      inputs.add(new ModelInput(t.name(), type(t), dims(t), t.reshape(), t.optional()));
    }
    List<ModelOutput> outputs = new ArrayList<>();
    for (TensorDraft t : TensorConfigReader.outputs(m)) {
      outputs.add(new ModelOutput(t.name(), type(t), dims(t), t.reshape(), t.labelFilename()));
    }
    ConfigMessage scheduling = m.message("ensemble_scheduling");
    if (scheduling == null) {
      throw m.error("ensemble_scheduling", "missing (expected: the steps of the ensemble)");
    }
    scheduling.checkFields(Set.of("step"), Set.of());
    List<EnsembleStep> steps = new ArrayList<>();
    for (ConfigMessage s : scheduling.messages("step")) {
      s.checkFields(Set.of("model_name", "model_version", "input_map", "output_map"), Set.of());
      String model = s.string("model_name", "");
      if (model.isEmpty()) {
        throw s.error("model_name", "missing (expected: the name of the model the step runs)");
      }
      steps.add(
          new EnsembleStep(
              model,
              s.int64("model_version", -1, -1, Long.MAX_VALUE),
              map(s, "input_map"),
              map(s, "output_map")));
    }
    if (steps.isEmpty()) {
      throw scheduling.error("step", "none (expected: at least one step)");
    }
    return new EnsembleConfig(name, maxBatchSize, inputs, outputs, steps);
  }

  private static Map<String, String> map(ConfigMessage step, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigMessage entry : step.messages(field)) {
      entry.checkFields(Set.of("key", "value"), Set.of());
      String key = entry.string("key", "");
      String value = entry.string("value", "");
      if (key.isEmpty() || value.isEmpty()) {
        throw entry.error("key", "incomplete map entry (expected: key: \"k\" value: \"v\")");
      }
      if (out.put(key, value) != null) {
        throw entry.errorAtField("key", "'" + key + "' is listed twice (expected: once)");
      }
    }
    return out;
  }

  private static DataType type(TensorDraft t) {
    DataType type = t.dataType();
    if (type == null) {
      throw new ModelLoadException(t.where() + ": data_type: missing (expected: a data type)");
    }
    return type;
  }

  private static Shape dims(TensorDraft t) {
    Shape dims = t.dims();
    if (dims == null) {
      throw new ModelLoadException(t.where() + ": dims: missing (expected: a list of dims)");
    }
    return dims;
  }
}
