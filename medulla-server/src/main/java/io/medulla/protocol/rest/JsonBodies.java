package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.medulla.inference.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Creates 200 responses whose JSON body a {@link Writer} generates. */
final class JsonBodies {
  /** Writes one JSON document. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private JsonBodies() {}

  /** Returns a 200 response with the JSON that {@code writer} generates. */
  static HttpResponse ok(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = RestJson.WRITER.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON, out.toByteArray());
  }

  /** Returns a 200 response without a body, as the health, ready, load and unload routes answer. */
  static HttpResponse empty() {
    return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK));
  }

  /** Writes {@code shape} as an array field. */
  static void writeShape(JsonGenerator g, String field, Shape shape) throws IOException {
    g.writeArrayFieldStart(field);
    for (int i = 0; i < shape.rank(); i++) {
      g.writeNumber(shape.dim(i));
    }
    g.writeEndArray();
  }
}
