package io.medulla.simulation;

import io.medulla.inference.InferenceException;
import io.medulla.inference.StatusCode;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** How a simulated request ended. */
public enum Outcome {
  /** Answered successfully. */
  COMPLETED,
  /** Refused for load: queue full, tenant quota, or overloaded (429, 503). */
  REJECTED,
  /**
   * Answered DEADLINE_EXCEEDED (504): its deadline passed while it waited, or admission found it
   * could not be met.
   */
  TIMED_OUT,
  /** Failed otherwise; a sign of a bad model or graph description, not of load. */
  FAILED,
  /**
   * Never submitted: the simulator already had its maximum of requests outstanding, so the modelled
   * server was far past saturation.
   */
  SHED,
  /** Still unanswered when the simulation stopped following it, after the drain limit. */
  UNFINISHED;

  /** Returns the outcome of a request that failed with {@code error}. */
  static Outcome ofFailure(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    StatusCode status = e instanceof InferenceException ie ? ie.status() : null;
    return ofStatus(status);
  }

  private static Outcome ofStatus(@Nullable StatusCode status) {
    if (status == null) {
      return FAILED;
    }
    return switch (status) {
      case DEADLINE_EXCEEDED -> TIMED_OUT;
      case RESOURCE_EXHAUSTED, UNAVAILABLE -> REJECTED;
      default -> FAILED;
    };
  }
}
