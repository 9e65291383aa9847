package io.medulla.protocol.rest;

import static io.medulla.protocol.rest.RestJson.expect;
import static io.medulla.protocol.rest.RestJson.readParameters;
import static io.medulla.protocol.rest.RestJson.readString;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decodes the body of {@code POST /v2/models/{m}[/versions/{v}]/infer}: a JSON request, optionally
 * followed by the binary sections of Triton's binary tensor data extension. Validates the wire
 * structure only; the engine checks the request against the model.
 */
final class InferRequestDecoder {
  private final RestLimits limits;
  private final RestJson json;
  private final InferInputReader inputs;

  InferRequestDecoder(RestLimits limits) {
    this.limits = limits;
    this.json = new RestJson(limits);
    this.inputs = new InferInputReader(limits);
  }

  /**
   * Returns the request in {@code body}.
   *
   * @param headerLength the {@code Inference-Header-Content-Length}, or -1 when the whole body is
   *     JSON
   * @param contextFor makes the request's context from its request-level parameters
   * @throws InferenceException if the body is not a well-formed request
   */
  InferenceRequest decode(
      String model,
      String version,
      byte[] body,
      int headerLength,
      Function<Map<String, Object>, RequestContext> contextFor) {
    boolean isBinary = headerLength >= 0;
    int jsonLength = isBinary ? headerLength : body.length;
    if (jsonLength > body.length) {
      throw new InvalidInputException(
          "Inference-Header-Content-Length: "
              + headerLength
              + " is larger than the body ("
              + body.length
              + " bytes)");
    }
    Envelope envelope;
    try {
      envelope = parse(body, jsonLength);
    } catch (JsonProcessingException e) {
      throw json.malformed(e);
    } catch (IOException e) {
      throw new InvalidInputException("request body could not be read as JSON");
    }
    List<ParsedInput> parsed = envelope.inputs();
    if (isBinary) {
      parsed =
          BinaryTensorSections.attach(
              parsed, ByteBuffer.wrap(body, jsonLength, body.length - jsonLength));
    } else {
      for (ParsedInput input : parsed) {
        if (input.isBinary()) {
          throw new InvalidInputException(
              input.label()
                  + ": parameters.binary_data_size needs the Inference-Header-Content-Length"
                  + " header");
        }
      }
    }
    List<Tensor> tensors = new ArrayList<>(parsed.size());
    for (ParsedInput input : parsed) {
      ByteBuffer data = input.data();
      if (data == null) {
        throw new IllegalStateException(input.label() + " has no data after decoding");
      }
      tensors.add(Tensor.of(input.name(), input.dataType(), input.shape(), data));
    }
    return new InferenceRequest(
        model,
        version,
        envelope.id(),
        tensors,
        envelope.outputs(),
        envelope.parameters(),
        contextFor.apply(envelope.parameters()));
  }

  private record Envelope(
      String id,
      Map<String, Object> parameters,
      List<ParsedInput> inputs,
      List<RequestedOutput> outputs) {}

  private Envelope parse(byte[] body, int jsonLength) throws IOException {
    Envelope envelope;
    try (JsonParser p = json.parser(body, 0, jsonLength)) {
      try {
        envelope = readEnvelope(p, jsonLength);
      } catch (JsonProcessingException e) {
        throw json.malformed(e, p);
      }
    }
    if (envelope.inputs().stream().anyMatch(i -> i.data() == null && !i.isBinary())) {
      List<ParsedInput> parsed = inputs.readDeferredData(json, body, jsonLength, envelope.inputs());
      envelope = new Envelope(envelope.id(), envelope.parameters(), parsed, envelope.outputs());
    }
    return envelope;
  }

  private Envelope readEnvelope(JsonParser p, int jsonLength) throws IOException {
    String id = "";
    Map<String, Object> parameters = Map.of();
    List<ParsedInput> parsed = null;
    List<RequestedOutput> outputs = List.of();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidInputException("request body: expected a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "id" -> id = readString(p, "id");
        case "parameters" -> parameters = readParameters(p, "parameters");
        case "inputs" -> parsed = readInputs(p, jsonLength);
        case "outputs" -> outputs = readOutputs(p);
        default -> p.skipChildren();
      }
    }
    if (hasTrailingContent(p)) {
      throw new InvalidInputException(
          "unexpected content after the JSON request; a binary body needs the"
              + " Inference-Header-Content-Length header");
    }
    if (parsed == null) {
      throw new InvalidInputException("inputs: missing (expected: an array of input tensors)");
    }
    return new Envelope(id, parameters, parsed, outputs);
  }

  private static boolean hasTrailingContent(JsonParser p) throws IOException {
    try {
      return p.nextToken() != null;
    } catch (JsonProcessingException e) {
      // Bytes that are not JSON at all, such as a binary section.
      return true;
    }
  }

  private List<ParsedInput> readInputs(JsonParser p, int jsonLength) throws IOException {
    expect(p, JsonToken.START_ARRAY, "inputs", "an array of input tensors");
    List<ParsedInput> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (out.size() == limits.maxInputs()) {
        throw new InferenceException(
            StatusCode.PAYLOAD_TOO_LARGE,
            "inputs: more than " + limits.maxInputs() + " inputs (limit: maxInputs)");
      }
      ParsedInput input = inputs.read(p, out.size(), jsonLength);
      if (!names.add(input.name())) {
        throw new InvalidInputException(
            "inputs[" + out.size() + "].name: duplicate input '" + input.name() + "'");
      }
      out.add(input);
    }
    return out;
  }

  private static List<RequestedOutput> readOutputs(JsonParser p) throws IOException {
    expect(p, JsonToken.START_ARRAY, "outputs", "an array of requested outputs");
    List<RequestedOutput> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String where = "outputs[" + out.size() + "]";
      expect(p, JsonToken.START_OBJECT, where, "an object");
      String name = null;
      Map<String, Object> parameters = Map.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "name" -> name = readString(p, where + ".name");
          case "parameters" -> parameters = readParameters(p, where + ".parameters");
          default -> p.skipChildren();
        }
      }
      if (name == null) {
        throw new InvalidInputException(where + ".name: missing (expected: an output name)");
      }
      if (!names.add(name)) {
        throw new InvalidInputException(where + ".name: duplicate output '" + name + "'");
      }
      out.add(new RequestedOutput(name, parameters));
    }
    return out;
  }
}
