package io.medulla.protocol.rest;

/**
 * Bounds on what one REST request may ask the server to parse and allocate. Every limit is checked
 * before the memory it guards is allocated.
 *
 * @param maxRequestBytes the largest request body, after decompression; larger bodies are refused
 *     with 413 while they stream in. Default 64 MiB.
 * @param maxJsonDepth the deepest nesting of JSON arrays and objects. Default 32, enough for nested
 *     {@code data} of rank 16 inside the request's own three levels.
 * @param maxInputs the most inputs one request may carry. Default 64.
 * @param maxRank the most dimensions of one input shape. Default 16.
 * @param maxElements the most elements of one input tensor. Default 2^28.
 * @param maxStringBytes the largest single string (a BYTES element, an id, a parameter) in UTF-8
 *     bytes. Default 16 MiB.
 */
public record RestLimits(
    long maxRequestBytes,
    int maxJsonDepth,
    int maxInputs,
    int maxRank,
    long maxElements,
    int maxStringBytes) {
  /** Creates limits; every value must be positive. */
  public RestLimits {
    checkPositive("maxRequestBytes", maxRequestBytes);
    checkPositive("maxJsonDepth", maxJsonDepth);
    checkPositive("maxInputs", maxInputs);
    checkPositive("maxRank", maxRank);
    checkPositive("maxElements", maxElements);
    checkPositive("maxStringBytes", maxStringBytes);
    if (maxRequestBytes > Integer.MAX_VALUE - 8) {
      // Bodies are aggregated into one array.
      throw new IllegalArgumentException(
          "maxRequestBytes: " + maxRequestBytes + " (expected: < 2 GiB)");
    }
  }

  /** Returns the default limits. */
  public static RestLimits defaults() {
    return new RestLimits(64L << 20, 32, 64, 16, 1L << 28, 16 << 20);
  }

  /** Returns a copy with another {@link #maxRequestBytes()}. */
  public RestLimits withMaxRequestBytes(long bytes) {
    return new RestLimits(bytes, maxJsonDepth, maxInputs, maxRank, maxElements, maxStringBytes);
  }

  /** Returns a copy with another {@link #maxJsonDepth()}. */
  public RestLimits withMaxJsonDepth(int depth) {
    return new RestLimits(maxRequestBytes, depth, maxInputs, maxRank, maxElements, maxStringBytes);
  }

  private static void checkPositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
