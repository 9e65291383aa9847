package io.medulla.protocol.grpc;

/**
 * The size limits of the gRPC endpoint. The server hands {@link #maxMessageBytes()} to its gRPC
 * transport for both directions; the service checks responses against it too, so that an oversized
 * answer fails with a clear status instead of a transport error.
 *
 * @param maxMessageBytes the largest request or response message, in bytes
 * @param maxStreamRequestsInFlight how many requests of one {@code ModelStreamInfer} stream may be
 *     in the engine at once; further messages wait in the transport (flow control)
 */
public record GrpcLimits(int maxMessageBytes, int maxStreamRequestsInFlight) {
  /** The default largest message: 64 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** The default number of requests in flight per stream. */
  public static final int DEFAULT_MAX_STREAM_REQUESTS_IN_FLIGHT = 64;

  /** Creates limits; each must be positive. */
  public GrpcLimits {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException(
          "maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
    }
    if (maxStreamRequestsInFlight < 1) {
      throw new IllegalArgumentException(
          "maxStreamRequestsInFlight: " + maxStreamRequestsInFlight + " (expected: > 0)");
    }
  }

  /** Returns the default limits: 64 MiB messages, 64 stream requests in flight. */
  public static GrpcLimits defaults() {
    return new GrpcLimits(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_STREAM_REQUESTS_IN_FLIGHT);
  }
}
