package io.medulla.repository;

import io.medulla.repository.TextToken.Kind;
import io.medulla.repository.TextValue.Field;
import io.medulla.repository.TextValue.Message;
import io.medulla.repository.TextValue.Scalar;
import io.medulla.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed view of one text-format message at a known path of a known file, so that every value it
 * reads and every error it raises can name the file, line, column and field, as in {@code
 * simple/config.pbtxt:7:15: input[1].data_type: ...}.
 */
final class ConfigMessage {
  private static final Logger logger = LoggerFactory.getLogger(ConfigMessage.class);

  private final String source;
  private final String path;
  private final Message message;

  ConfigMessage(String source, String path, Message message) {
    this.source = source;
    this.path = path;
    this.message = message;
  }

  String source() {
    return source;
  }

  /** Returns the path of this message, as in {@code input[1]}; empty for the top level. */
  String path() {
    return path;
  }

  /** Returns the path of a field of this message, as in {@code input[1].dims}. */
  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Returns {@code file:line:column} of this message, for messages that name no field. */
  String location() {
    return source + ":" + message.line() + ":" + message.column();
  }

  boolean has(String field) {
    return message.has(field);
  }

  /**
   * Rejects fields that are neither read nor known to Triton; logs known Triton fields that Medulla
   * ignores, so that configs written for Triton load unchanged.
   */
  void checkFields(Set<String> read, Set<String> tritonOnly) {
    Set<String> ignored = new LinkedHashSet<>();
    for (Field f : message.fields()) {
      if (read.contains(f.name())) {
        continue;
      }
      if (tritonOnly.contains(f.name()) || f.name().startsWith("[")) {
        ignored.add(f.name());
        continue;
      }
      Set<String> expected = new LinkedHashSet<>(read);
      expected.addAll(tritonOnly);
      throw new ModelLoadException(
          at(f.line(), f.column())
              + path(f.name())
              + ": unknown field (expected one of "
              + String.join(", ", expected)
              + ")");
    }
    if (!ignored.isEmpty()) {
      logger.debug("{}: ignoring Triton fields Medulla does not use: {}", location(), ignored);
    }
  }

  /** Returns the only value of a singular scalar field, or null when absent. */
  @Nullable Scalar scalar(String field) {
    TextValue v = single(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Scalar s) {
      return s;
    }
    throw error(v, field, "expected a value, found a " + kindOf(v));
  }

  String string(String field, String defaultValue) {
    Scalar s = scalar(field);
    if (s == null) {
      return defaultValue;
    }
    if (s.kind() != Kind.STRING) {
      throw error(s, field, s.describe() + " is not a string (expected a quoted string)");
    }
    return s.text();
  }

  @Nullable Long int64(String field, long min, long max) {
    Scalar s = scalar(field);
    return s == null ? null : toLong(s, field, min, max);
  }

  long int64(String field, long defaultValue, long min, long max) {
    Long v = int64(field, min, max);
    return v == null ? defaultValue : v;
  }

  int int32(String field, int defaultValue, int min) {
    return (int) int64(field, defaultValue, min, Integer.MAX_VALUE);
  }

  /** Returns every value of a repeated integer field, written repeated or as a list. */
  List<Long> int64s(String field, long min) {
    List<Long> out = new ArrayList<>();
    for (TextValue v : message.values(field)) {
      if (!(v instanceof Scalar s)) {
        throw error(v, field, "expected an integer, found a " + kindOf(v));
      }
      out.add(toLong(s, field, min, Long.MAX_VALUE));
    }
    return out;
  }

  boolean bool(String field, boolean defaultValue) {
    Scalar s = scalar(field);
    if (s == null) {
      return defaultValue;
    }
    return switch (s.text()) {
      case "true", "True", "t", "1" -> true;
      case "false", "False", "f", "0" -> false;
      default -> throw error(s, field, s.describe() + " is not a boolean (expected true or false)");
    };
  }

  /**
   * Returns an enum field's value, looked up by its identifier.
   *
   * @param what the noun for the error message, with its article, as in "a data type"
   * @param names the accepted identifiers, in the order the error message lists them
   * @param lookup returns the value for an identifier, or null when there is none
   */
  <T> @Nullable T enumValue(
      String field, String what, List<String> names, Function<String, @Nullable T> lookup) {
    Scalar s = scalar(field);
    if (s == null) {
      return null;
    }
    T value = s.kind() == Kind.IDENTIFIER ? lookup.apply(s.text()) : null;
    if (value == null) {
      throw error(
          s,
          field,
          s.describe() + " is not " + what + " (expected one of " + String.join(", ", names) + ")");
    }
    return value;
  }

  /** Returns a singular nested message, or null when absent. */
  @Nullable ConfigMessage message(String field) {
    TextValue v = single(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Message m) {
      return new ConfigMessage(source, path(field), m);
    }
    throw error(v, field, "expected a message in { }, found a " + kindOf(v));
  }

  /** Returns every occurrence of a repeated message field, with indexed paths. */
  List<ConfigMessage> messages(String field) {
    List<ConfigMessage> out = new ArrayList<>();
    for (TextValue v : message.values(field)) {
      if (!(v instanceof Message m)) {
        throw error(v, field, "expected a message in { }, found a " + kindOf(v));
      }
      out.add(new ConfigMessage(source, path(field) + "[" + out.size() + "]", m));
    }
    return out;
  }

  /** Returns an error located at this message, about one of its fields. */
  ModelLoadException error(String field, String what) {
    return new ModelLoadException(location() + ": " + path(field) + ": " + what);
  }

  /** Returns an error located at a value of one of this message's fields. */
  ModelLoadException error(TextValue at, String field, String what) {
    return new ModelLoadException(at(at.line(), at.column()) + path(field) + ": " + what);
  }

  /** Returns an error located at the first occurrence of a field, or at this message. */
  ModelLoadException errorAtField(String field, String what) {
    TextValue v = first(field);
    return v == null ? error(field, what) : error(v, field, what);
  }

  private @Nullable TextValue first(String field) {
    List<TextValue> values = message.values(field);
    return values.isEmpty() ? null : values.get(0);
  }

  private @Nullable TextValue single(String field) {
    TextValue found = null;
    for (Field f : message.fields()) {
      if (f.name().equals(field)) {
        if (found != null) {
          throw new ModelLoadException(
              at(f.line(), f.column())
                  + path(field)
                  + ": set more than once (expected: at most once)");
        }
        found = f.value();
      }
    }
    return found;
  }

  private long toLong(Scalar s, String field, long min, long max) {
    long v;
    try {
      if (s.kind() != Kind.NUMBER) {
        throw new NumberFormatException();
      }
      String t = s.text().toLowerCase(Locale.ROOT);
      boolean negative = t.startsWith("-");
      String digits = negative ? t.substring(1) : t;
      v =
          digits.startsWith("0x")
              ? Long.parseLong(digits.substring(2), 16)
              : Long.parseLong(digits);
      v = negative ? -v : v;
    } catch (NumberFormatException e) {
      throw error(s, field, s.describe() + " is not an integer (expected an integer)");
    }
    if (v < min || v > max) {
      String expected = v < min ? ">= " + min : "<= " + max;
      throw error(s, field, v + " is out of range (expected: " + expected + ")");
    }
    return v;
  }

  private String at(int line, int column) {
    return source + ":" + line + ":" + column + ": ";
  }

  private static String kindOf(TextValue v) {
    return switch (v) {
      case Scalar s -> "value " + s.describe();
      case Message m -> "message";
      case TextValue.ListValue l -> "list";
    };
  }
}
