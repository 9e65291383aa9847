package io.medulla.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks and copies the {@code parameters} objects of the protocol: string keys to boolean, 64-bit
 * integer, double or string values, kept in their original order.
 */
public final class Parameters {
  private Parameters() {}

  /**
   * Returns an immutable, order-preserving copy of {@code parameters}.
   *
   * @throws IllegalArgumentException if a value is not a Boolean, Long, Double or String
   */
  public static Map<String, Object> copyOf(Map<String, ?> parameters) {
    if (parameters.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    parameters.forEach(
        (k, v) -> {
          if (!(v instanceof Boolean
              || v instanceof Long
              || v instanceof Double
              || v instanceof String)) {
            throw new IllegalArgumentException(
                "parameter '"
                    + k
                    + "': "
                    + v.getClass().getSimpleName()
                    + " (expected: Boolean, Long, Double or String)");
          }
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }
}
