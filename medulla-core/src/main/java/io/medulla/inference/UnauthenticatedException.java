package io.medulla.inference;

/**
 * Signals a request without credentials, or with credentials that could not be verified (HTTP 401,
 * gRPC UNAUTHENTICATED). The message says what kind of check failed, never which key or principal
 * exists.
 */
public final class UnauthenticatedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says what kind of check failed. */
  public UnauthenticatedException(String message) {
    super(StatusCode.UNAUTHENTICATED, message);
  }
}
