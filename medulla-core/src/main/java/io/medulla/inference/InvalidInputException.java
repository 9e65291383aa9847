package io.medulla.inference;

/** Signals a request that does not match the protocol or the model's inputs (HTTP 400). */
public final class InvalidInputException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the field and what was expected. */
  public InvalidInputException(String message) {
    super(StatusCode.INVALID_ARGUMENT, message);
  }
}
