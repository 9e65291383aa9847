package io.medulla.scheduling;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;

/**
 * Hears what a scheduler does, for statistics and metrics. Implementations are fast, take no locks
 * and never throw; they are called from scheduler and worker threads, never with a scheduler lock
 * held.
 *
 * <p>Priority levels are the effective level a scheduler placed a request at: {@code 1} the
 * highest; {@code 0} when the scheduler has no levels (plain FIFO).
 */
public interface SchedulerListener {
  /** A listener that does nothing. */
  SchedulerListener NOOP = new SchedulerListener() {};

  /** Returns a listener that tells {@code first}, then {@code second}, every event. */
  static SchedulerListener both(SchedulerListener first, SchedulerListener second) {
    return new BothListeners(first, second);
  }

  /**
   * One request has been executed (successfully or not) as part of a batch.
   *
   * @param queueNanos how long it waited before its batch started
   * @param computeNanos how long its batch took to execute
   * @param batchSize the number of samples in its batch
   */
  default void requestExecuted(
      ModelId model, RequestContext context, long queueNanos, long computeNanos, int batchSize) {}

  /**
   * One request has been executed at {@code priorityLevel}; by default reports {@link
   * #requestExecuted(ModelId, RequestContext, long, long, int)}.
   */
  default void requestExecuted(
      ModelId model,
      RequestContext context,
      int priorityLevel,
      long queueNanos,
      long computeNanos,
      int batchSize) {
    requestExecuted(model, context, queueNanos, computeNanos, batchSize);
  }

  /** One batch has been executed: counts one execution of {@code batchSize} samples. */
  default void batchExecuted(ModelId model, int batchSize, long computeNanos) {}

  /**
   * One batch has been executed; {@code sharedAcrossTenants} says whether it held requests of more
   * than one tenant (only models that opted in to shared batches). By default reports {@link
   * #batchExecuted(ModelId, int, long)}.
   */
  default void batchExecuted(
      ModelId model, int batchSize, long computeNanos, boolean sharedAcrossTenants) {
    batchExecuted(model, batchSize, computeNanos);
  }

  /** A request has been admitted and queued at {@code priorityLevel}. */
  default void requestQueued(ModelId model, RequestContext context, int priorityLevel) {}

  /**
   * A request has been answered without being computed: refused at admission, expired or cancelled
   * in the queue, or dropped because the model is unloading.
   */
  default void requestRejected(
      ModelId model, RequestContext context, int priorityLevel, RejectReason reason) {}
}
