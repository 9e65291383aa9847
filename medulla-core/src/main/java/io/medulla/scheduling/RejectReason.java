package io.medulla.scheduling;

import io.medulla.inference.StatusCode;
import java.util.Locale;

/** Why a scheduler answered a request without computing it; a label of the rejection metrics. */
public enum RejectReason {
  /** The request's priority level had {@code max_queue_size} requests waiting (429). */
  QUEUE_FULL(StatusCode.RESOURCE_EXHAUSTED),
  /** The tenant had its maximum number of requests waiting (429). */
  TENANT_QUEUE_LIMIT(StatusCode.RESOURCE_EXHAUSTED),
  /** The tenant had its maximum number of requests waiting or executing (429). */
  TENANT_IN_FLIGHT_LIMIT(StatusCode.RESOURCE_EXHAUSTED),
  /** The tenant exceeded its requests-per-second rate (429). */
  TENANT_RATE_LIMIT(StatusCode.RESOURCE_EXHAUSTED),
  /** The work queued at the request's level and above could not be done by its deadline (503). */
  OVERLOADED(StatusCode.UNAVAILABLE),
  /** The model's observed execution time alone exceeds the time left to the deadline (504). */
  DEADLINE_UNMEETABLE(StatusCode.DEADLINE_EXCEEDED),
  /** The deadline passed while the request waited (504). */
  DEADLINE_EXPIRED(StatusCode.DEADLINE_EXCEEDED),
  /** The caller cancelled the request before it ran. */
  CANCELLED(StatusCode.CANCELLED),
  /** The model version is unloading, or the server is shutting down (503). */
  UNLOADING(StatusCode.UNAVAILABLE);

  private final StatusCode status;

  RejectReason(StatusCode status) {
    this.status = status;
  }

  /** Returns the status the request was answered with. */
  public StatusCode status() {
    return status;
  }

  /** Returns the metric label, as in {@code "queue_full"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
