package io.medulla.engine;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Hears every request the engine finishes, for metrics. Implementations are fast, take no locks and
 * never throw.
 */
public interface EngineListener {
  /** A listener that does nothing. */
  EngineListener NOOP = new EngineListener() {};

  /**
   * A request for a resolved model version has finished.
   *
   * @param failure the failure's status, or null on success
   * @param durationNanos the time from arrival to completion
   */
  default void requestCompleted(
      ModelId model, RequestContext context, @Nullable StatusCode failure, long durationNanos) {}

  /** Returns a listener that tells {@code first}, then {@code second}. */
  static EngineListener both(EngineListener first, EngineListener second) {
    return new EngineListener() {
      @Override
      public void requestCompleted(
          ModelId model, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
        first.requestCompleted(model, context, failure, durationNanos);
        second.requestCompleted(model, context, failure, durationNanos);
      }
    };
  }
}
