package io.medulla.protocol.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.medulla.inference.InvalidInputException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Opens JSON parsers that enforce {@link RestLimits} while they read, and turns Jackson's failures
 * into caller-facing messages that name the line and column but no Java class.
 */
final class RestJson {
  /** Writes every response; generators hold no state between documents. */
  static final JsonFactory WRITER = JsonFactory.builder().build();

  private static final Pattern JACKSON_DETAIL =
      Pattern.compile("\\s*(\\(start marker at|\\[Source:|\\(for |at \\[).*", Pattern.DOTALL);

  private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("token '[^']*'");

  private final JsonFactory factory;
  private final RestLimits limits;

  RestJson(RestLimits limits) {
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxJsonDepth())
                    .maxStringLength(limits.maxStringBytes())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
  }

  /**
   * Returns a parser over {@code length} bytes of {@code body} from {@code offset}.
   *
   * @throws InvalidInputException if the bytes start like JSON in an encoding Jackson cannot read
   *     (its encoding detection looks at the first four bytes, and fails on some patterns of NULs)
   */
  JsonParser parser(byte[] body, int offset, int length) {
    try {
      return factory.createParser(body, offset, length);
    } catch (CharConversionException e) {
      throw new InvalidInputException("request body is not UTF-8 JSON");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the caller-facing exception for a parse failure. */
  InvalidInputException malformed(JsonProcessingException e) {
    return malformed(e, null);
  }

  /**
   * Returns the caller-facing exception for a parse failure of {@code parser}, whose position
   * stands in when the failure has none (as for limit violations).
   */
  InvalidInputException malformed(JsonProcessingException e, @Nullable JsonParser parser) {
    JsonLocation where = e.getLocation();
    if (where == null && parser != null) {
      where = parser.currentLocation();
    }
    String at =
        where == null ? "" : " at line " + where.getLineNr() + " column " + where.getColumnNr();
    if (e instanceof StreamConstraintsException) {
      String message = String.valueOf(e.getOriginalMessage());
      if (message.contains("nesting depth")) {
        return new InvalidInputException(
            "JSON nested deeper than "
                + limits.maxJsonDepth()
                + " levels"
                + at
                + " (limit: maxJsonDepth)");
      }
      if (message.contains("String value length")) {
        return new InvalidInputException(
            "JSON string longer than " + limits.maxStringBytes() + " characters" + at);
      }
      return new InvalidInputException("JSON value too large" + at + ": " + detail(e));
    }
    return new InvalidInputException("malformed JSON" + at + ": " + detail(e));
  }

  /**
   * Reads a protocol {@code parameters} object: the parser is at its START_OBJECT. Values are
   * Boolean, Long, Double or String, in their order.
   */
  static Map<String, Object> readParameters(JsonParser p, String field) throws IOException {
    expect(p, JsonToken.START_OBJECT, field, "an object");
    Map<String, Object> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      String where = field + "." + key;
      Object value =
          switch (t) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_NUMBER_INT -> longValue(p, where);
            default ->
                throw new InvalidInputException(where + ": expected a boolean, number or string");
          };
      out.put(key, value);
    }
    return out;
  }

  /** Returns the current string value; fails naming {@code field} otherwise. */
  static String readString(JsonParser p, String field) throws IOException {
    expect(p, JsonToken.VALUE_STRING, field, "a string");
    return p.getText();
  }

  /** Returns the current integer value as a long; fails naming {@code field} otherwise. */
  static long longValue(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidInputException(field + ": expected an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      BigInteger big = p.getBigIntegerValue();
      throw new InvalidInputException(
          field
              + ": "
              + (big.signum() < 0 ? "below" : "above")
              + " the 64-bit integer range (expected: an integer in ["
              + Long.MIN_VALUE
              + ", "
              + Long.MAX_VALUE
              + "])");
    }
    return p.getLongValue();
  }

  /**
   * Returns {@code value} in single quotes when it is a short printable ASCII word, as a protocol
   * keyword is; otherwise only its length, so that an error message never carries a long or binary
   * string back from the request.
   */
  static String quoteIfShort(String value) {
    boolean isShort = value.length() <= 32 && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    return isShort ? "'" + value + "'" : "a string of " + value.length() + " characters";
  }

  /** Fails unless the parser's current token is {@code token}. */
  static void expect(JsonParser p, JsonToken token, String field, String what) {
    if (p.currentToken() != token) {
      throw new InvalidInputException(field + ": expected " + what);
    }
  }

  private static String detail(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = JACKSON_DETAIL.matcher(message).replaceFirst("");
    // A broken token may be part of a tensor value or a string: never echo it.
    message = UNRECOGNIZED_TOKEN.matcher(message).replaceAll("token");
    return message.isBlank() ? "unreadable input" : message;
  }
}
