package io.medulla.inference;

/** Signals a request whose deadline passed before it was answered (HTTP 504). */
public final class DeadlineExceededException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that says where the deadline was found to have passed. */
  public DeadlineExceededException(String message) {
    super(StatusCode.DEADLINE_EXCEEDED, message);
  }
}
