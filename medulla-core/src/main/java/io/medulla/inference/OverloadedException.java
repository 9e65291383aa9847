package io.medulla.inference;

import java.time.Duration;

/**
 * Signals that a model cannot serve a request in time because of the work ahead of it (HTTP 503);
 * carries a Retry-After estimate.
 */
public final class OverloadedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception whose message says what was full and what to do.
   *
   * @param retryAfter how long the caller should wait before retrying
   */
  public OverloadedException(String message, Duration retryAfter) {
    super(StatusCode.UNAVAILABLE, message, retryAfter);
  }
}
