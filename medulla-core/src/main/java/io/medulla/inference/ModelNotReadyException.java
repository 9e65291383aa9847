package io.medulla.inference;

/** Signals a model that exists but is not ready to serve (HTTP 503). */
public final class ModelNotReadyException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that says which model is not ready and why. */
  public ModelNotReadyException(String model, String reason) {
    super(StatusCode.UNAVAILABLE, "model '" + model + "' is not ready: " + reason);
  }
}
