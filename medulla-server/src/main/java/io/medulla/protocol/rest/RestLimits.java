package io.medulla.protocol.rest;

/**
 * Bounds on what one REST request may ask the server to parse and allocate. Every limit is checked
 * before the memory it guards is allocated.
 *
 * @param maxRequestBytes the largest request body, after decompression; larger bodies are refused
 *     with 413 while they stream in, and compressed bodies while they inflate. Default 64 MiB.
 * @param maxJsonDepth the deepest nesting of JSON arrays and objects; deeper bodies are refused
 *     with 400. Default 32, enough for nested {@code data} of rank 16 inside the request's own
 *     three levels.
 * @param maxInputs the most inputs one request may carry (413 beyond). Default 64.
 * @param maxRank the most dimensions of one input shape (400 beyond). Default 16.
 * @param maxElements the most elements of one input tensor (413 beyond). Default 2^28.
 * @param maxStringBytes the largest single JSON string (a BYTES element, an id, a parameter), in
 *     UTF-8 bytes (400 or 413 beyond). Default 16 MiB.
 * @param maxHeaderBytes the largest request header block: HTTP/1 request line and headers, or the
 *     HTTP/2 header list (431 beyond). Default 8 KiB.
 * @param maxConcurrentStreams the most HTTP/2 streams (requests in flight) one connection may open
 *     at once; the server advertises it in its SETTINGS. Default 250.
 */
public record RestLimits(
    long maxRequestBytes,
    int maxJsonDepth,
    int maxInputs,
    int maxRank,
    long maxElements,
    int maxStringBytes,
    int maxHeaderBytes,
    int maxConcurrentStreams) {
  /** Creates limits; every value must be positive. */
  public RestLimits {
    checkPositive("maxRequestBytes", maxRequestBytes);
    checkPositive("maxJsonDepth", maxJsonDepth);
    checkPositive("maxInputs", maxInputs);
    checkPositive("maxRank", maxRank);
    checkPositive("maxElements", maxElements);
    checkPositive("maxStringBytes", maxStringBytes);
    checkPositive("maxHeaderBytes", maxHeaderBytes);
    checkPositive("maxConcurrentStreams", maxConcurrentStreams);
    if (maxRequestBytes > Integer.MAX_VALUE - 8) {
      // Bodies are aggregated into one array.
      throw new IllegalArgumentException(
          "maxRequestBytes: " + maxRequestBytes + " (expected: < 2 GiB)");
    }
  }

  /** Returns the default limits. */
  public static RestLimits defaults() {
    return new RestLimits(64L << 20, 32, 64, 16, 1L << 28, 16 << 20, 8 << 10, 250);
  }

  /** Returns a copy with another {@link #maxRequestBytes()}. */
  public RestLimits withMaxRequestBytes(long bytes) {
    return new RestLimits(
        bytes,
        maxJsonDepth,
        maxInputs,
        maxRank,
        maxElements,
        maxStringBytes,
        maxHeaderBytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxJsonDepth()}. */
  public RestLimits withMaxJsonDepth(int depth) {
    return new RestLimits(
        maxRequestBytes,
        depth,
        maxInputs,
        maxRank,
        maxElements,
        maxStringBytes,
        maxHeaderBytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxInputs()}. */
  public RestLimits withMaxInputs(int inputs) {
    return new RestLimits(
        maxRequestBytes,
        maxJsonDepth,
        inputs,
        maxRank,
        maxElements,
        maxStringBytes,
        maxHeaderBytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxRank()}. */
  public RestLimits withMaxRank(int rank) {
    return new RestLimits(
        maxRequestBytes,
        maxJsonDepth,
        maxInputs,
        rank,
        maxElements,
        maxStringBytes,
        maxHeaderBytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxElements()}. */
  public RestLimits withMaxElements(long elements) {
    return new RestLimits(
        maxRequestBytes,
        maxJsonDepth,
        maxInputs,
        maxRank,
        elements,
        maxStringBytes,
        maxHeaderBytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxStringBytes()}. */
  public RestLimits withMaxStringBytes(int bytes) {
    return new RestLimits(
        maxRequestBytes,
        maxJsonDepth,
        maxInputs,
        maxRank,
        maxElements,
        bytes,
        maxHeaderBytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxHeaderBytes()}. */
  public RestLimits withMaxHeaderBytes(int bytes) {
    return new RestLimits(
        maxRequestBytes,
        maxJsonDepth,
        maxInputs,
        maxRank,
        maxElements,
        maxStringBytes,
        bytes,
        maxConcurrentStreams);
  }

  /** Returns a copy with another {@link #maxConcurrentStreams()}. */
  public RestLimits withMaxConcurrentStreams(int streams) {
    return new RestLimits(
        maxRequestBytes,
        maxJsonDepth,
        maxInputs,
        maxRank,
        maxElements,
        maxStringBytes,
        maxHeaderBytes,
        streams);
  }

  private static void checkPositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
