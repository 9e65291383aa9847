package io.medulla.inference;

import java.time.Duration;

/**
 * Signals that a tenant has used up one of its limits (queued, in flight or rate) on a model (HTTP
 * 429); carries a Retry-After estimate.
 */
public final class QuotaExceededException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception whose message says what was full and what to do.
   *
   * @param retryAfter how long the caller should wait before retrying
   */
  public QuotaExceededException(String message, Duration retryAfter) {
    super(StatusCode.RESOURCE_EXHAUSTED, message, retryAfter);
  }
}
