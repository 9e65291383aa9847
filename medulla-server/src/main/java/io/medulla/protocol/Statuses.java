package io.medulla.protocol;

import io.grpc.Status;
import io.medulla.inference.StatusCode;

/** Maps domain status codes to HTTP and gRPC statuses: the one table both protocols use. */
public final class Statuses {
  private Statuses() {}

  /** Returns the HTTP status code for {@code code}. */
  public static int httpStatus(StatusCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case PAYLOAD_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case RESOURCE_EXHAUSTED -> 429;
      case CANCELLED -> 499;
      case INTERNAL -> 500;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
    };
  }

  /** Returns the gRPC status for {@code code}. */
  public static Status grpcStatus(StatusCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, UNSUPPORTED_MEDIA_TYPE -> Status.INVALID_ARGUMENT;
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case NOT_FOUND -> Status.NOT_FOUND;
      case PAYLOAD_TOO_LARGE, RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case CANCELLED -> Status.CANCELLED;
      case INTERNAL -> Status.INTERNAL;
      case UNIMPLEMENTED -> Status.UNIMPLEMENTED;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
    };
  }
}
