package io.medulla.bench;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/**
 * The results of one open-loop run, by stream name.
 *
 * @param byName each stream's result, in the order the streams were given
 */
record StreamResults(@JsonValue Map<String, OpenLoop.StreamResult> byName) {
  /** Returns the result of the stream {@code name}; throws when there is none. */
  OpenLoop.StreamResult get(String name) {
    OpenLoop.StreamResult r = byName.get(name);
    if (r == null) {
      throw new IllegalArgumentException(
          "stream: " + name + " (expected: one of " + byName.keySet() + ")");
    }
    return r;
  }
}
