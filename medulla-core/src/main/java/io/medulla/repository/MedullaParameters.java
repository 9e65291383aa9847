package io.medulla.repository;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The {@code config.pbtxt} parameters that Medulla itself reads (backends ignore them): a declared
 * footprint, pinning, and switching off the default warm-up.
 */
final class MedullaParameters {
  /** The bytes a loaded version holds, as {@link ByteSize} text. */
  static final String MEMORY_BYTES = "medulla.memory_bytes";

  /** {@code "true"} keeps the model loaded: the model cache never evicts it. */
  static final String PINNED = "medulla.pinned";

  /** {@code "false"} skips the default warm-up of a model without {@code model_warmup}. */
  static final String DEFAULT_WARMUP = "medulla.default_warmup";

  private MedullaParameters() {}

  /**
   * Returns the declared footprint, or empty when none is declared.
   *
   * @throws IllegalArgumentException when the value is not a byte size
   */
  static OptionalLong memoryBytes(Map<String, String> parameters) {
    String value = parameters.get(MEMORY_BYTES);
    return value == null ? OptionalLong.empty() : OptionalLong.of(ByteSize.parse(value));
  }

  static boolean pinned(Map<String, String> parameters) {
    return isTrue(parameters.get(PINNED));
  }

  static boolean defaultWarmup(Map<String, String> parameters) {
    String value = parameters.get(DEFAULT_WARMUP);
    return value == null || !value.strip().toLowerCase(Locale.ROOT).equals("false");
  }

  private static boolean isTrue(@Nullable String value) {
    return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
  }
}
