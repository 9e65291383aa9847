package io.medulla.engine;

import io.medulla.repository.ServedModel;
import io.medulla.scheduling.Scheduler;
import io.medulla.scheduling.SchedulerListener;

/** Creates the scheduler of a model version when it becomes ready. */
@FunctionalInterface
public interface SchedulerFactory {
  /** Returns a new scheduler for {@code model} that reports to {@code listener}. */
  Scheduler create(ServedModel model, SchedulerListener listener);
}
