package io.medulla.repository;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.repository.ModelWarmup.WarmupInput;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads the config fields that carry data types and shapes: inputs, outputs and warm-up. */
final class TensorConfigReader {
  private static final List<String> DATA_TYPE_NAMES =
      Arrays.stream(DataType.values()).map(DataType::configName).toList();

  private TensorConfigReader() {}

  static List<TensorDraft> inputs(ConfigMessage config) {
    return config.messages("input").stream().map(m -> tensor(m, true)).toList();
  }

  static List<TensorDraft> outputs(ConfigMessage config) {
    return config.messages("output").stream().map(m -> tensor(m, false)).toList();
  }

  private static TensorDraft tensor(ConfigMessage m, boolean input) {
    if (input) {
      m.checkFields(
          Set.of("name", "data_type", "dims", "reshape", "optional"),
          Set.of("format", "is_shape_tensor", "allow_ragged_batch", "is_non_linear_format_io"));
    } else {
      m.checkFields(
          Set.of("name", "data_type", "dims", "reshape", "label_filename"),
          Set.of("is_shape_tensor", "is_non_linear_format_io"));
    }
    String name = m.string("name", "");
    if (name.isEmpty()) {
      throw m.error("name", "missing (expected: a non-empty tensor name)");
    }
    return new TensorDraft(
        name,
        dataType(m),
        dims(m, "dims"),
        reshape(m),
        input && m.bool("optional", false),
        input ? "" : m.string("label_filename", ""),
        m.location(),
        m.path());
  }

  /** Returns the data_type field, or null when absent; TYPE_INVALID counts as an error. */
  static @Nullable DataType dataType(ConfigMessage m) {
    return m.enumValue(
        "data_type", "a data type", DATA_TYPE_NAMES, n -> DataType.fromConfigName(n).orElse(null));
  }

  /** Returns a repeated dims field as a shape (each dim >= -1), or null when absent. */
  static @Nullable Shape dims(ConfigMessage m, String field) {
    if (!m.has(field)) {
      return null;
    }
    return Shape.of(m.int64s(field, Shape.ANY));
  }

  private static @Nullable Shape reshape(ConfigMessage m) {
    ConfigMessage r = m.message("reshape");
    if (r == null) {
      return null;
    }
    r.checkFields(Set.of("shape"), Set.of());
    Shape shape = dims(r, "shape");
    return shape == null ? Shape.of() : shape;
  }

  static List<ModelWarmup> warmups(ConfigMessage config) {
    return config.messages("model_warmup").stream().map(TensorConfigReader::warmup).toList();
  }

  private static ModelWarmup warmup(ConfigMessage m) {
    m.checkFields(Set.of("name", "batch_size", "inputs", "count"), Set.of());
    Map<String, WarmupInput> inputs = new LinkedHashMap<>();
    for (ConfigMessage entry : m.messages("inputs")) {
      entry.checkFields(Set.of("key", "value"), Set.of());
      String key = entry.string("key", "");
      ConfigMessage value = entry.message("value");
      if (key.isEmpty() || value == null) {
        throw entry.error("key", "incomplete map entry (expected: key: \"INPUT\" value: { ... })");
      }
      if (inputs.put(key, warmupInput(value)) != null) {
        throw entry.errorAtField("key", "'" + key + "' is listed twice (expected: once)");
      }
    }
    return new ModelWarmup(
        // count: Triton's default 0 means once, so 0 is accepted and runs once.
        m.string("name", ""), m.int32("batch_size", 1, 0), inputs, m.int32("count", 1, 0));
  }

  private static WarmupInput warmupInput(ConfigMessage v) {
    v.checkFields(
        Set.of("data_type", "dims", "zero_data", "random_data", "input_data_file"), Set.of());
    DataType type = dataType(v);
    if (type == null) {
      throw v.error(
          "data_type", "missing (expected one of " + String.join(", ", DATA_TYPE_NAMES) + ")");
    }
    Shape dims = dims(v, "dims");
    int sources =
        (v.has("zero_data") ? 1 : 0)
            + (v.has("random_data") ? 1 : 0)
            + (v.has("input_data_file") ? 1 : 0);
    if (sources != 1) {
      throw v.error(
          "zero_data",
          "exactly one of zero_data, random_data, input_data_file must be set (found "
              + sources
              + ")");
    }
    WarmupInput.Source source;
    String file = "";
    if (v.has("input_data_file")) {
      source = WarmupInput.Source.FILE;
      file = v.string("input_data_file", "");
    } else if (v.has("random_data")) {
      source = v.bool("random_data", true) ? WarmupInput.Source.RANDOM : WarmupInput.Source.ZERO;
    } else {
      v.bool("zero_data", true);
      source = WarmupInput.Source.ZERO;
    }
    return new WarmupInput(type, dims == null ? Shape.of() : dims, source, file);
  }
}
