package io.medulla.audit;

import io.medulla.inference.InferenceException;
import io.medulla.inference.StatusCode;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Signals that a request was refused because its audit record could not be made durable (HTTP 503
 * with Retry-After): Medulla fails closed rather than answer without an audit trail.
 */
public final class AuditUnavailableException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The message callers see. */
  public static final String MESSAGE =
      "the audit trail cannot be written now, so the request was not answered; retry later";

  /**
   * Creates an exception.
   *
   * @param retryAfter how long the caller should wait before retrying
   * @param cause the store's failure, for logs only
   */
  public AuditUnavailableException(Duration retryAfter, @Nullable Throwable cause) {
    super(StatusCode.UNAVAILABLE, MESSAGE, retryAfter, cause);
  }
}
