package io.medulla.engine;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.scheduling.RejectReason;
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
      public void requestExecuted(
          ModelId model,
          RequestContext context,
          int level,
          long queueNanos,
          long computeNanos,
          int batch) {
        first.requestExecuted(model, context, level, queueNanos, computeNanos, batch);
        second.requestExecuted(model, context, level, queueNanos, computeNanos, batch);
      }

      @Override
      public void batchExecuted(ModelId model, int batchSize, long computeNanos) {
        first.batchExecuted(model, batchSize, computeNanos);
        second.batchExecuted(model, batchSize, computeNanos);
      }

      @Override
      public void batchExecuted(
          ModelId model, int batchSize, long computeNanos, boolean sharedAcrossTenants) {
        first.batchExecuted(model, batchSize, computeNanos, sharedAcrossTenants);
        second.batchExecuted(model, batchSize, computeNanos, sharedAcrossTenants);
      }

      @Override
      public void requestQueued(ModelId model, RequestContext context, int level) {
        first.requestQueued(model, context, level);
        second.requestQueued(model, context, level);
      }

      @Override
      public void requestRejected(
          ModelId model, RequestContext context, int level, RejectReason reason) {
        first.requestRejected(model, context, level, reason);
        second.requestRejected(model, context, level, reason);
      }
    };
  }
}
