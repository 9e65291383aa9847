package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans (as the engine hands out for graph
 * resource views) as JSON.
 */
final class TreeJson {
  private TreeJson() {}

  /** Writes {@code value} and everything under it. */
  static void write(JsonGenerator g, @Nullable Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> l -> {
        g.writeStartArray();
        for (Object e : l) {
          write(g, e);
        }
        g.writeEndArray();
      }
      case Boolean b -> g.writeBoolean(b);
      case Long n -> g.writeNumber(n);
      case Integer n -> g.writeNumber(n);
      case Double d -> g.writeNumber(d);
      default -> g.writeString(String.valueOf(value));
    }
  }
}
