package io.medulla.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Typed, strict reads of the tenants file's YAML nodes. Every failure is an {@link
 * IllegalArgumentException} whose message names the file, then where ({@code "tenant 'x': "}), then
 * the field and what was expected.
 */
final class TenantsFileNodes {
  private final String file;

  TenantsFileNodes(String file) {
    this.file = file;
  }

  IllegalArgumentException fail(String problem) {
    return new IllegalArgumentException(file + ": " + problem);
  }

  void checkKeys(JsonNode node, List<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw fail(
            where
                + "unknown key '"
                + name
                + "' (expected one of: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  int integer(JsonNode node, String key, int min, int max, int absent, String where) {
    @Nullable JsonNode v = node.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw fail(
          where + key + ": " + v + " (expected: an integer from " + min + " to " + max + ")");
    }
    return v.asInt();
  }

  boolean bool(JsonNode node, String key, String where) {
    @Nullable JsonNode v = node.get(key);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw fail(where + key + ": " + v + " (expected: true or false)");
    }
    return v.asBoolean();
  }

  /** Returns a required string; {@code what} describes it in the error. */
  String text(JsonNode node, String key, String what, String where) {
    @Nullable JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw fail(where + key + ": missing (expected: " + what + ")");
    }
    if (!v.isTextual()) {
      throw fail(where + key + ": " + v + " is not a string (expected: " + what + "; quote it)");
    }
    if (v.asText().isEmpty()) {
      throw fail(where + key + ": empty (expected: " + what + ")");
    }
    return v.asText();
  }

  /**
   * Returns a list of distinct strings, or {@code null} when the key is absent.
   *
   * @param what what each element is, for the error
   */
  @Nullable List<String> strings(JsonNode node, String key, String what, String where) {
    @Nullable JsonNode v = node.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw fail(where + key + ": " + v + " (expected: a list of " + what + "s)");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual() || e.asText().isEmpty()) {
        throw fail(where + key + ": " + e + " (expected: a " + what + ")");
      }
      if (out.contains(e.asText())) {
        throw fail(where + key + ": '" + e.asText() + "' listed twice");
      }
      out.add(e.asText());
    }
    return out;
  }
}
