package io.medulla.server;

import io.medulla.repository.ModelOutput;
import io.medulla.repository.ServedModel;
import io.medulla.scheduling.InstancePoolScheduler;
import io.medulla.scheduling.Scheduler;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.Ticker;
import java.util.concurrent.Executor;

/** Chooses and builds the scheduler of each ready model version. */
final class Schedulers {
  private Schedulers() {}

  static Scheduler create(
      ServedModel served, SchedulerListener listener, Executor executor, Ticker ticker) {
    return new InstancePoolScheduler(
        served.model(),
        served.config().outputs().stream().map(ModelOutput::name).toList(),
        served.config().maxBatchSize() > 0,
        executor,
        ticker,
        listener);
  }
}
