package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.medulla.engine.ModelMetadata;
import io.medulla.engine.ServerMetadata;
import io.medulla.inference.TensorSpec;
import io.medulla.repository.ModelVersionStatus;
import java.io.IOException;
import java.util.List;

/** Writes the server metadata, model metadata and repository index bodies of the protocol. */
final class MetadataJson {
  private MetadataJson() {}

  /** Writes {@code {"name", "version", "extensions"}}. */
  static void server(JsonGenerator g, ServerMetadata m) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", m.name());
    g.writeStringField("version", m.version());
    g.writeArrayFieldStart("extensions");
    for (String e : m.extensions()) {
      g.writeString(e);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * Writes {@code {"name", "versions", "platform", "inputs", "outputs"}}, plus Medulla's {@code
   * sha256} provenance field.
   */
  static void model(JsonGenerator g, ModelMetadata m) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", m.name());
    g.writeArrayFieldStart("versions");
    for (String v : m.versions()) {
      g.writeString(v);
    }
    g.writeEndArray();
    g.writeStringField("platform", m.platform());
    tensors(g, "inputs", m.inputs());
    tensors(g, "outputs", m.outputs());
    if (!m.sha256().isEmpty()) {
      g.writeStringField("sha256", m.sha256());
    }
    g.writeEndObject();
  }

  /** Writes the repository index, {@code [{"name", "version", "state", "reason"}]}. */
  static void index(JsonGenerator g, List<ModelVersionStatus> rows) throws IOException {
    g.writeStartArray();
    for (ModelVersionStatus row : rows) {
      g.writeStartObject();
      g.writeStringField("name", row.name());
      g.writeStringField("version", row.version());
      g.writeStringField("state", row.state().name());
      g.writeStringField("reason", row.reason());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void tensors(JsonGenerator g, String field, List<TensorSpec> specs)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (TensorSpec s : specs) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeStringField("datatype", s.dataType().wireName());
      JsonBodies.writeShape(g, "shape", s.shape());
      if (s.optional()) {
        g.writeBooleanField("optional", true);
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
