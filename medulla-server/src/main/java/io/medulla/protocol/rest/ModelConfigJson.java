package io.medulla.protocol.rest;

import static io.medulla.protocol.rest.JsonBodies.writeShape;

import com.fasterxml.jackson.core.JsonGenerator;
import io.medulla.inference.Shape;
import io.medulla.repository.DynamicBatching;
import io.medulla.repository.ExecutionAccelerator;
import io.medulla.repository.InstanceGroup;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelWarmup;
import io.medulla.repository.QueuePolicy;
import io.medulla.repository.VersionPolicy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes a model configuration in Triton's JSON form, the body of {@code GET .../config} that
 * {@code tritonclient}'s {@code get_model_config} returns: proto field names, enum names as
 * strings, 64-bit integers as JSON numbers.
 */
final class ModelConfigJson {
  private ModelConfigJson() {}

  /** Writes {@code c}. */
  static void write(JsonGenerator g, ModelConfig c) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", c.name());
    g.writeStringField("platform", c.platform());
    g.writeStringField("backend", c.backend());
    versionPolicy(g, c.versionPolicy());
    g.writeNumberField("max_batch_size", c.maxBatchSize());
    g.writeArrayFieldStart("input");
    for (ModelInput i : c.inputs()) {
      g.writeStartObject();
      g.writeStringField("name", i.name());
      g.writeStringField("data_type", i.dataType().configName());
      g.writeStringField("format", "FORMAT_NONE");
      writeShape(g, "dims", i.dims());
      reshape(g, i.reshape());
      g.writeBooleanField("is_shape_tensor", false);
      g.writeBooleanField("allow_ragged_batch", false);
      g.writeBooleanField("optional", i.optional());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("output");
    for (ModelOutput o : c.outputs()) {
      g.writeStartObject();
      g.writeStringField("name", o.name());
      g.writeStringField("data_type", o.dataType().configName());
      writeShape(g, "dims", o.dims());
      reshape(g, o.reshape());
      g.writeStringField("label_filename", o.labelFilename());
      g.writeBooleanField("is_shape_tensor", false);
      g.writeEndObject();
    }
    g.writeEndArray();
    instanceGroups(g, c);
    DynamicBatching batching = c.dynamicBatching();
    if (batching != null) {
      dynamicBatching(g, batching);
    }
    if (!c.cpuExecutionAccelerators().isEmpty() || !c.gpuExecutionAccelerators().isEmpty()) {
      g.writeObjectFieldStart("optimization");
      g.writeObjectFieldStart("execution_accelerators");
      accelerators(g, "gpu_execution_accelerator", c.gpuExecutionAccelerators());
      accelerators(g, "cpu_execution_accelerator", c.cpuExecutionAccelerators());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeObjectFieldStart("parameters");
    for (Map.Entry<String, String> p : new TreeMap<>(c.parameters()).entrySet()) {
      g.writeObjectFieldStart(p.getKey());
      g.writeStringField("string_value", p.getValue());
      g.writeEndObject();
    }
    g.writeEndObject();
    warmup(g, c.modelWarmup());
    g.writeStringField("default_model_filename", c.defaultModelFilename());
    g.writeEndObject();
  }

  private static void reshape(JsonGenerator g, @Nullable Shape shape) throws IOException {
    if (shape != null) {
      g.writeObjectFieldStart("reshape");
      writeShape(g, "shape", shape);
      g.writeEndObject();
    }
  }

  private static void versionPolicy(JsonGenerator g, VersionPolicy policy) throws IOException {
    g.writeObjectFieldStart("version_policy");
    switch (policy) {
      case VersionPolicy.Latest l -> {
        g.writeObjectFieldStart("latest");
        g.writeNumberField("num_versions", l.numVersions());
        g.writeEndObject();
      }
      case VersionPolicy.All a -> {
        g.writeObjectFieldStart("all");
        g.writeEndObject();
      }
      case VersionPolicy.Specific s -> {
        g.writeObjectFieldStart("specific");
        g.writeArrayFieldStart("versions");
        for (long v : s.versions()) {
          g.writeNumber(v);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static void instanceGroups(JsonGenerator g, ModelConfig c) throws IOException {
    g.writeArrayFieldStart("instance_group");
    List<InstanceGroup> groups = c.instanceGroups();
    for (int n = 0; n < groups.size(); n++) {
      InstanceGroup group = groups.get(n);
      g.writeStartObject();
      // Triton names unnamed groups <model>_<index>.
      g.writeStringField("name", group.name().isEmpty() ? c.name() + "_" + n : group.name());
      g.writeStringField("kind", group.kind().name());
      g.writeNumberField("count", group.count());
      g.writeArrayFieldStart("gpus");
      for (int gpu : group.gpus()) {
        g.writeNumber(gpu);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void dynamicBatching(JsonGenerator g, DynamicBatching d) throws IOException {
    g.writeObjectFieldStart("dynamic_batching");
    g.writeArrayFieldStart("preferred_batch_size");
    for (int size : d.preferredBatchSizes()) {
      g.writeNumber(size);
    }
    g.writeEndArray();
    g.writeNumberField("max_queue_delay_microseconds", d.maxQueueDelayMicroseconds());
    g.writeBooleanField("preserve_ordering", d.preserveOrdering());
    g.writeNumberField("priority_levels", d.priorityLevels());
    g.writeNumberField("default_priority_level", d.defaultPriorityLevel());
    g.writeFieldName("default_queue_policy");
    queuePolicy(g, d.defaultQueuePolicy());
    g.writeObjectFieldStart("priority_queue_policy");
    for (Map.Entry<Integer, QueuePolicy> e : new TreeMap<>(d.priorityQueuePolicy()).entrySet()) {
      g.writeFieldName(Integer.toString(e.getKey()));
      queuePolicy(g, e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void queuePolicy(JsonGenerator g, QueuePolicy q) throws IOException {
    g.writeStartObject();
    g.writeStringField("timeout_action", q.timeoutAction().name());
    g.writeNumberField("default_timeout_microseconds", q.defaultTimeoutMicroseconds());
    g.writeBooleanField("allow_timeout_override", q.allowTimeoutOverride());
    g.writeNumberField("max_queue_size", q.maxQueueSize());
    g.writeEndObject();
  }

  private static void accelerators(JsonGenerator g, String field, List<ExecutionAccelerator> list)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (ExecutionAccelerator a : list) {
      g.writeStartObject();
      g.writeStringField("name", a.name());
      g.writeObjectFieldStart("parameters");
      for (Map.Entry<String, String> p : new TreeMap<>(a.parameters()).entrySet()) {
        g.writeStringField(p.getKey(), p.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void warmup(JsonGenerator g, List<ModelWarmup> warmups) throws IOException {
    g.writeArrayFieldStart("model_warmup");
    for (ModelWarmup w : warmups) {
      g.writeStartObject();
      g.writeStringField("name", w.name());
      g.writeNumberField("batch_size", w.batchSize());
      g.writeObjectFieldStart("inputs");
      for (Map.Entry<String, ModelWarmup.WarmupInput> e : new TreeMap<>(w.inputs()).entrySet()) {
        ModelWarmup.WarmupInput in = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("data_type", in.dataType().configName());
        writeShape(g, "dims", in.dims());
        switch (in.source()) {
          case ZERO -> g.writeBooleanField("zero_data", true);
          case RANDOM -> g.writeBooleanField("random_data", true);
          // A file name inside the model's warmup folder, never a path on the server.
          case FILE -> g.writeStringField("input_data_file", in.inputDataFile());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeNumberField("count", w.count());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
