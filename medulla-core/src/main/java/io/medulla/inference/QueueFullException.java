package io.medulla.inference;

import java.time.Duration;

/**
 * Signals that a priority level's queue of a model is full (HTTP 429); carries a Retry-After
 * estimate.
 */
public final class QueueFullException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception whose message says what was full and what to do.
   *
   * @param retryAfter how long the caller should wait before retrying
   */
  public QueueFullException(String message, Duration retryAfter) {
    super(StatusCode.RESOURCE_EXHAUSTED, message, retryAfter);
  }
}
