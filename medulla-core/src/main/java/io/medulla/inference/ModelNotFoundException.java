package io.medulla.inference;

/** Signals an unknown model or model version (HTTP 404). */
public final class ModelNotFoundException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception for a model name and optional version ({@code ""} for any). */
  public ModelNotFoundException(String model, String version) {
    super(StatusCode.NOT_FOUND, message(model, version));
  }

  /**
   * Returns the message of this exception for a model name and optional version: authorisation
   * answers a model the caller may not see with exactly these words, so existence does not leak.
   */
  public static String message(String model, String version) {
    return version.isEmpty()
        ? "unknown model '" + model + "': check the name against GET /v2/repository/index"
        : "unknown version '"
            + version
            + "' of model '"
            + model
            + "': GET /v2/models/"
            + model
            + " lists the versions that are served";
  }
}
