package io.medulla.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A step's function attributes with typed, checked access: every getter's error names the attribute
 * and what was expected.
 */
public final class FunctionAttributes {
  private final Map<String, Object> values;

  /** Wraps attribute values: Long, Integer, Double, String, Boolean, or lists of them. */
  public FunctionAttributes(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Returns the raw values, in order. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** Rejects any attribute not in {@code known}. */
  public void checkOnly(Set<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "attribute '"
                + key
                + "' is unknown (expected: "
                + (known.isEmpty() ? "no attributes" : String.join(", ", new TreeSet<>(known)))
                + ")");
      }
    }
  }

  /** Returns whether the attribute is set. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Returns an integer attribute, or {@code defaultValue} when absent. */
  public long integer(String name, long defaultValue) {
    Object v = values.get(name);
    return v == null ? defaultValue : asLong(name, v);
  }

  /** Returns a required integer attribute. */
  public long integer(String name) {
    return asLong(name, require(name, "an integer"));
  }

  /** Returns a required number attribute ({@code true} and {@code false} read as 1 and 0). */
  public double number(String name) {
    Object v = require(name, "a number");
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw wrong(name, v, "a number");
  }

  /** Returns a string attribute, or {@code defaultValue} when absent. */
  public String string(String name, String defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof String s) {
      return s;
    }
    throw wrong(name, v, "a string");
  }

  /** Returns a boolean attribute, or {@code defaultValue} when absent. */
  public boolean bool(String name, boolean defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrong(name, v, "true or false");
  }

  /** Returns a required list-of-integers attribute. */
  public List<Long> integers(String name) {
    Object v = require(name, "a list of integers");
    if (!(v instanceof List<?> list)) {
      throw wrong(name, v, "a list of integers such as [1, -1]");
    }
    List<Long> out = new ArrayList<>();
    for (Object e : list) {
      out.add(asLong(name, e));
    }
    return out;
  }

  private Object require(String name, String what) {
    @Nullable Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "attribute '" + name + "' is missing (expected: " + what + ")");
    }
    return v;
  }

  private static long asLong(String name, Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw wrong(name, v, "an integer");
  }

  private static IllegalArgumentException wrong(String name, Object v, String expected) {
    return new IllegalArgumentException(
        "attribute '"
            + name
            + "' is a "
            + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
            + " (expected: "
            + expected
            + ")");
  }
}
