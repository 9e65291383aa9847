package io.medulla.engine;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.scheduling.SchedulerListener;

/** Combines scheduler listeners. */
final class SchedulerListeners {
  private SchedulerListeners() {}

  /** Returns a listener that tells {@code first}, then {@code second}. */
  static SchedulerListener both(SchedulerListener first, SchedulerListener second) {
    return new SchedulerListener() {
      @Override
      public void requestExecuted(
          ModelId model, RequestContext context, long queueNanos, long computeNanos, int batch) {
        first.requestExecuted(model, context, queueNanos, computeNanos, batch);
        second.requestExecuted(model, context, queueNanos, computeNanos, batch);
      }

      @Override
      public void batchExecuted(ModelId model, int batchSize, long computeNanos) {
        first.batchExecuted(model, batchSize, computeNanos);
        second.batchExecuted(model, batchSize, computeNanos);
      }
    };
  }
}
