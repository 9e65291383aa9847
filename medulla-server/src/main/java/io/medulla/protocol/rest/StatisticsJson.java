package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.medulla.engine.ModelStatistics;
import java.io.IOException;
import java.util.List;

/** Writes Triton's statistics extension body, {@code {"model_stats": [...]}}. */
final class StatisticsJson {
  private StatisticsJson() {}

  /** Writes the statistics of every listed model version. */
  static void write(JsonGenerator g, List<ModelStatistics> stats) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("model_stats");
    for (ModelStatistics s : stats) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeStringField("version", s.version());
      g.writeNumberField("last_inference", s.lastInferenceMillis());
      g.writeNumberField("inference_count", s.inferenceCount());
      g.writeNumberField("execution_count", s.executionCount());
      g.writeObjectFieldStart("inference_stats");
      duration(g, "success", s.success());
      duration(g, "fail", s.fail());
      duration(g, "queue", s.queue());
      duration(g, "compute_input", s.computeInput());
      duration(g, "compute_infer", s.computeInfer());
      duration(g, "compute_output", s.computeOutput());
      // Medulla has no response cache; clients that read these fields find zeros.
      duration(g, "cache_hit", new ModelStatistics.Duration(0, 0));
      duration(g, "cache_miss", new ModelStatistics.Duration(0, 0));
      g.writeEndObject();
      g.writeArrayFieldStart("batch_stats");
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void duration(JsonGenerator g, String field, ModelStatistics.Duration d)
      throws IOException {
    g.writeObjectFieldStart(field);
    g.writeNumberField("count", d.count());
    g.writeNumberField("ns", d.nanos());
    g.writeEndObject();
  }
}
