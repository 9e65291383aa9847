package io.medulla.scheduling;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;

/**
 * Hears what a scheduler does, for statistics and metrics. Implementations are fast, take no locks
 * and never throw; they are called from scheduler and worker threads.
 */
public interface SchedulerListener {
  /** A listener that does nothing. */
  SchedulerListener NOOP = new SchedulerListener() {};

  /**
   * One request has been executed (successfully or not) as part of a batch.
   *
   * @param queueNanos how long it waited before its batch started
   * @param computeNanos how long its batch took to execute
   * @param batchSize the number of samples in its batch
   */
  default void requestExecuted(
      ModelId model, RequestContext context, long queueNanos, long computeNanos, int batchSize) {}

  /** One batch has been executed: counts one execution of {@code batchSize} samples. */
  default void batchExecuted(ModelId model, int batchSize, long computeNanos) {}
}
