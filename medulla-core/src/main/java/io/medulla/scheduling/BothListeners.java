package io.medulla.scheduling;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;

/** Tells two listeners every event, in order; see {@link SchedulerListener#both}. */
record BothListeners(SchedulerListener first, SchedulerListener second)
    implements SchedulerListener {
  @Override
  public void requestExecuted(
      ModelId model, RequestContext context, long queueNanos, long computeNanos, int batchSize) {
    first.requestExecuted(model, context, queueNanos, computeNanos, batchSize);
    second.requestExecuted(model, context, queueNanos, computeNanos, batchSize);
  }

  @Override
  public void requestExecuted(
      ModelId model,
      RequestContext context,
      int priorityLevel,
      long queueNanos,
      long computeNanos,
      int batchSize) {
    first.requestExecuted(model, context, priorityLevel, queueNanos, computeNanos, batchSize);
    second.requestExecuted(model, context, priorityLevel, queueNanos, computeNanos, batchSize);
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
  public void requestQueued(ModelId model, RequestContext context, int priorityLevel) {
    first.requestQueued(model, context, priorityLevel);
    second.requestQueued(model, context, priorityLevel);
  }

  @Override
  public void requestRejected(
      ModelId model, RequestContext context, int priorityLevel, RejectReason reason) {
    first.requestRejected(model, context, priorityLevel, reason);
    second.requestRejected(model, context, priorityLevel, reason);
  }
}
