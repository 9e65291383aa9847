package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A domain failure with a {@link StatusCode} that the protocol layer turns into a wire status. The
 * message is shown to the caller: it says what was wrong and what to do, and never carries tensor
 * values, file paths or stack traces.
 */
public class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final StatusCode status;

  /** Creates an exception with the given status and caller-facing message. */
  public InferenceException(StatusCode status, String message) {
    this(status, message, null);
  }

  /** Creates an exception with the given status, caller-facing message and internal cause. */
  public InferenceException(StatusCode status, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.status = requireNonNull(status, "status");
  }

  /** Returns the protocol-neutral status of this failure. */
  public StatusCode status() {
    return status;
  }
}
