package io.medulla.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Signals that a model version could not be loaded. The message is shown in the repository index
 * and the log, so it names the model-relative file and field, never an absolute path.
 */
public final class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what is wrong. */
  public ModelLoadException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public ModelLoadException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
