package io.medulla.inference;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A domain failure with a {@link StatusCode} that the protocol layer turns into a wire status. The
 * message is shown to the caller: it says what was wrong and what to do, and never carries tensor
 * values, file paths or stack traces.
 *
 * <p>Failures that a caller may retry (queue full, quota, overloaded) carry a {@link #retryAfter()}
 * estimate, which the protocol layer sends as {@code Retry-After}.
 */
public class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final StatusCode status;
  private final @Nullable Duration retryAfter;

  /** Creates an exception with the given status and caller-facing message. */
  public InferenceException(StatusCode status, String message) {
    this(status, message, null, null);
  }

  /** Creates an exception with the given status, caller-facing message and internal cause. */
  public InferenceException(StatusCode status, String message, @Nullable Throwable cause) {
    this(status, message, null, cause);
  }

  /**
   * Creates an exception that tells the caller when a retry may succeed.
   *
   * @param retryAfter how long the caller should wait before retrying; {@code null} when unknown
   */
  public InferenceException(StatusCode status, String message, @Nullable Duration retryAfter) {
    this(status, message, retryAfter, null);
  }

  /**
   * Creates an exception with a retry estimate and an internal cause.
   *
   * @param retryAfter how long the caller should wait before retrying; {@code null} when unknown
   */
  public InferenceException(
      StatusCode status, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.status = requireNonNull(status, "status");
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter: " + retryAfter + " (expected: >= 0)");
    }
    this.retryAfter = retryAfter;
  }

  /** Returns the protocol-neutral status of this failure. */
  public StatusCode status() {
    return status;
  }

  /** Returns how long the caller should wait before retrying, or {@code null} when unknown. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
