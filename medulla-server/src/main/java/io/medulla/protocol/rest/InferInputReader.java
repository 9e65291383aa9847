package io.medulla.protocol.rest;

import static io.medulla.protocol.rest.RestJson.expect;
import static io.medulla.protocol.rest.RestJson.readParameters;
import static io.medulla.protocol.rest.RestJson.readString;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.medulla.inference.DataType;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads one element of a request's {@code inputs} array: name, datatype, shape, parameters and JSON
 * data. Data that comes before the datatype or shape it depends on is skipped and read in a second
 * pass over the body, so that no input is ever buffered as a token tree.
 */
final class InferInputReader {
  private static final String DATATYPES =
      Arrays.stream(DataType.values()).map(DataType::wireName).collect(Collectors.joining(", "));

  private final RestLimits limits;
  private final JsonTensorReader tensors;

  InferInputReader(RestLimits limits) {
    this.limits = limits;
    this.tensors = new JsonTensorReader(limits.maxStringBytes());
  }

  /** Reads the input object at the parser's START_OBJECT. */
  ParsedInput read(JsonParser p, int index, int jsonLength) throws IOException {
    String where = "inputs[" + index + "]";
    expect(p, JsonToken.START_OBJECT, where, "an input object");
    String name = null;
    DataType type = null;
    Shape shape = null;
    Map<String, Object> parameters = Map.of();
    ByteBuffer data = null;
    boolean hasData = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      String label = name == null ? where : "input '" + name + "'";
      switch (field) {
        case "name" -> name = readString(p, where + ".name");
        case "datatype" -> type = dataType(readString(p, label + ".datatype"), label);
        case "shape" -> shape = shape(p, label);
        case "parameters" -> parameters = readParameters(p, label + ".parameters");
        case "data" -> {
          hasData = true;
          if (type != null && shape != null) {
            data = tensors.read(p, label, type, jsonElements(shape, label, jsonLength));
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    if (name == null) {
      throw new InvalidInputException(where + ".name: missing (expected: the input's name)");
    }
    String label = "input '" + name + "'";
    if (type == null) {
      throw new InvalidInputException(
          label + ".datatype: missing (expected: one of " + DATATYPES + ")");
    }
    if (shape == null) {
      throw new InvalidInputException(
          label + ".shape: missing (expected: an array of non-negative integers)");
    }
    if (parameters.containsKey("shared_memory_region")) {
      throw new InferenceException(
          StatusCode.UNIMPLEMENTED,
          label + ".parameters.shared_memory_region: shared memory is not supported");
    }
    long binarySize = binarySize(parameters, label);
    if (hasData && binarySize >= 0) {
      throw new InvalidInputException(
          label + ": has both data and parameters.binary_data_size (expected: one of them)");
    }
    if (!hasData && binarySize < 0) {
      throw new InvalidInputException(
          label + ": no data (expected: data or parameters.binary_data_size)");
    }
    long elements = hasData ? jsonElements(shape, label, jsonLength) : elements(shape, label);
    return new ParsedInput(label, name, type, shape, elements, data, binarySize);
  }

  /** Reads, in a second pass over the JSON, the data of inputs whose data came first. */
  List<ParsedInput> readDeferredData(
      RestJson json, byte[] body, int jsonLength, List<ParsedInput> parsed) throws IOException {
    List<ParsedInput> out = new ArrayList<>(parsed);
    try (JsonParser p = json.parser(body, 0, jsonLength)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("inputs")) {
          p.skipChildren();
          continue;
        }
        int index = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
          ParsedInput input = parsed.get(index);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean isData = p.currentName().equals("data");
            p.nextToken();
            if (isData && input.data() == null && !input.isBinary()) {
              out.set(
                  index,
                  input.withData(
                      tensors.read(p, input.label(), input.dataType(), input.elements())));
            } else {
              p.skipChildren();
            }
          }
          index++;
        }
      }
    }
    return out;
  }

  private static DataType dataType(String name, String label) {
    return DataType.fromWireName(name)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    label
                        + ".datatype: "
                        + RestJson.quoteIfShort(name)
                        + " is not a protocol datatype (expected: one of "
                        + DATATYPES
                        + ")"));
  }

  private Shape shape(JsonParser p, String label) throws IOException {
    String where = label + ".shape";
    expect(p, JsonToken.START_ARRAY, where, "an array of non-negative integers");
    long[] dims = new long[limits.maxRank()];
    int rank = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (rank == limits.maxRank()) {
        throw new InvalidInputException(
            where + ": more than " + limits.maxRank() + " dimensions (limit: maxRank)");
      }
      dims[rank] = dimension(p, where + "[" + rank + "]");
      rank++;
    }
    return Shape.of(Arrays.copyOf(dims, rank));
  }

  private static long dimension(JsonParser p, String where) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidInputException(where + ": expected a non-negative integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      BigInteger big = p.getBigIntegerValue();
      throw new InvalidInputException(
          where
              + ": "
              + (big.signum() < 0 ? "negative" : "larger than " + Long.MAX_VALUE)
              + " (expected: a non-negative integer)");
    }
    long dim = p.getLongValue();
    if (dim < 0) {
      throw new InvalidInputException(where + ": " + dim + " (expected: a non-negative integer)");
    }
    return dim;
  }

  private long elements(Shape shape, String label) {
    long n = shape.elementCount().orElse(Long.MAX_VALUE);
    if (n > limits.maxElements()) {
      throw new InferenceException(
          StatusCode.PAYLOAD_TOO_LARGE,
          label
              + ".shape: "
              + shape
              + " has more than "
              + limits.maxElements()
              + " elements (limit: maxElements)");
    }
    return n;
  }

  /** Returns the element count, checked against what a JSON body of this length can carry. */
  private long jsonElements(Shape shape, String label, int jsonLength) {
    long n = elements(shape, label);
    // Every JSON element takes at least two characters ("0,"): this bounds the allocation.
    long most = jsonLength / 2L + 1;
    if (n > most) {
      throw new InvalidInputException(
          label
              + ": shape "
              + shape
              + " calls for "
              + n
              + " elements but a "
              + jsonLength
              + "-byte JSON body holds at most "
              + most);
    }
    return n;
  }

  private static long binarySize(Map<String, Object> parameters, String label) {
    @Nullable Object size = parameters.get("binary_data_size");
    if (size == null) {
      return -1;
    }
    if (!(size instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          label + ".parameters.binary_data_size: expected an integer in [0, 2147483647]");
    }
    return l;
  }
}
