package io.medulla.inference;

/**
 * Signals that an authenticated caller is not allowed to do what it asked (HTTP 403, gRPC
 * PERMISSION_DENIED). The message names the rule that refused, never another tenant's models.
 */
public final class PermissionDeniedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says which rule refused. */
  public PermissionDeniedException(String message) {
    super(StatusCode.PERMISSION_DENIED, message);
  }
}
