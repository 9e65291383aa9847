package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.medulla.inference.DataType;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encodes an inference response as protocol JSON, with the outputs the caller asked for in binary
 * form appended after the JSON as in Triton's binary tensor data extension.
 *
 * <p>An output is binary when its requested {@code binary_data} parameter is true, or, when it has
 * none, when the request-level {@code binary_data_output} parameter is true. A BYTES output whose
 * elements are not all valid UTF-8 cannot be a JSON string, so it is always sent binary.
 */
final class InferResponseEncoder {
  /** The header that gives the length of the JSON part of a binary body. */
  static final String HEADER_LENGTH = "inference-header-content-length";

  private InferResponseEncoder() {}

  /** Returns the HTTP response for {@code response} to {@code request}. */
  static HttpResponse encode(InferenceRequest request, InferenceResponse response) {
    boolean binaryByDefault = Boolean.TRUE.equals(request.parameters().get("binary_data_output"));
    Map<String, RequestedOutput> requested = new HashMap<>();
    for (RequestedOutput o : request.outputs()) {
      requested.put(o.name(), o);
    }
    List<Tensor> binary = new ArrayList<>();
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator g = RestJson.WRITER.createGenerator(json)) {
      g.writeStartObject();
      g.writeStringField("model_name", response.modelName());
      g.writeStringField("model_version", response.modelVersion());
      if (!response.id().isEmpty()) {
        g.writeStringField("id", response.id());
      }
      if (!response.parameters().isEmpty()) {
        g.writeFieldName("parameters");
        writeParameters(g, response.parameters());
      }
      g.writeArrayFieldStart("outputs");
      for (Tensor t : response.outputs()) {
        boolean isBinary = isBinary(requested.get(t.name()), binaryByDefault) || !isUtf8(t);
        writeOutput(g, t, isBinary);
        if (isBinary) {
          binary.add(t);
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (binary.isEmpty()) {
      return HttpResponse.of(HttpStatus.OK, MediaType.JSON, json.toByteArray());
    }
    int jsonLength = json.size();
    long total = jsonLength;
    for (Tensor t : binary) {
      total += t.byteSize();
    }
    byte[] body = Arrays.copyOf(json.toByteArray(), Math.toIntExact(total));
    int offset = jsonLength;
    for (Tensor t : binary) {
      t.data().get(body, offset, t.byteSize());
      offset += t.byteSize();
    }
    ResponseHeaders headers =
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.OCTET_STREAM)
            .set(HEADER_LENGTH, Integer.toString(jsonLength))
            .build();
    return HttpResponse.of(headers, HttpData.wrap(body));
  }

  private static boolean isBinary(@Nullable RequestedOutput requested, boolean binaryByDefault) {
    if (requested != null && requested.parameters().get("binary_data") instanceof Boolean b) {
      return b;
    }
    return binaryByDefault;
  }

  private static void writeOutput(JsonGenerator g, Tensor t, boolean isBinary) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", t.name());
    g.writeStringField("datatype", t.dataType().wireName());
    g.writeArrayFieldStart("shape");
    for (int i = 0; i < t.shape().rank(); i++) {
      g.writeNumber(t.shape().dim(i));
    }
    g.writeEndArray();
    if (isBinary) {
      g.writeObjectFieldStart("parameters");
      g.writeNumberField("binary_data_size", t.byteSize());
      g.writeEndObject();
    } else {
      g.writeArrayFieldStart("data");
      writeData(g, t);
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeData(JsonGenerator g, Tensor t) throws IOException {
    ByteBuffer b = t.data();
    DataType type = t.dataType();
    if (type == DataType.BYTES) {
      while (b.hasRemaining()) {
        byte[] element = new byte[b.getInt()];
        b.get(element);
        g.writeString(new String(element, StandardCharsets.UTF_8));
      }
      return;
    }
    long n = t.elementCount();
    for (long i = 0; i < n; i++) {
      switch (type) {
        case BOOL -> g.writeBoolean(b.get() != 0);
        case INT8 -> g.writeNumber(b.get());
        case UINT8 -> g.writeNumber(b.get() & 0xff);
        case INT16 -> g.writeNumber(b.getShort());
        case UINT16 -> g.writeNumber(b.getShort() & 0xffff);
        case INT32 -> g.writeNumber(b.getInt());
        case UINT32 -> g.writeNumber(Integer.toUnsignedLong(b.getInt()));
        case INT64 -> g.writeNumber(b.getLong());
        case UINT64 -> g.writeNumber(Long.toUnsignedString(b.getLong()));
        case FP16 -> g.writeNumber(HalfFloats.fromFp16(b.getShort()));
        case BF16 -> g.writeNumber(HalfFloats.fromBf16(b.getShort()));
        case FP32 -> g.writeNumber(b.getFloat());
        case FP64 -> g.writeNumber(b.getDouble());
        case BYTES -> throw new IllegalStateException("BYTES is written above");
      }
    }
  }

  /** Writes a protocol {@code parameters} object. */
  static void writeParameters(JsonGenerator g, Map<String, Object> parameters) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      g.writeFieldName(e.getKey());
      switch (e.getValue()) {
        case Boolean v -> g.writeBoolean(v);
        case Long v -> g.writeNumber(v);
        case Double v -> g.writeNumber(v);
        default -> g.writeString(e.getValue().toString());
      }
    }
    g.writeEndObject();
  }

  private static boolean isUtf8(Tensor t) {
    if (t.dataType() != DataType.BYTES) {
      return true;
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer b = t.data();
    while (b.hasRemaining()) {
      int length = b.getInt();
      try {
        decoder.decode(b.slice(b.position(), length));
      } catch (CharacterCodingException e) {
        return false;
      }
      b.position(b.position() + length);
    }
    return true;
  }
}
