package io.medulla.server;

import io.medulla.repository.DynamicBatching;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.QueuePolicy;
import io.medulla.repository.ServedModel;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.scheduling.LevelPolicy;
import io.medulla.scheduling.Scheduler;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.tenancy.TenantPolicies;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Builds the scheduler of each ready model version: a {@link DynamicBatcher} whose policy comes
 * from the model's {@code dynamic_batching} block and Medulla's model parameters.
 */
final class Schedulers {
  /** Model parameter: {@code fifo} selects plain FIFO, the baseline for comparisons. */
  static final String SCHEDULER_PARAMETER = "medulla.scheduler";

  /** Model parameter: {@code true} lets one batch hold several tenants' requests. */
  static final String SHARED_BATCHES_PARAMETER = "medulla.shared_batches";

  private Schedulers() {}

  static Scheduler create(
      ServedModel served,
      SchedulerListener listener,
      Executor executor,
      Ticker ticker,
      Timer timer,
      TenantPolicies tenants) {
    return DynamicBatcher.builder(served.model(), policyFor(served.config()))
        .outputs(served.config().outputs().stream().map(ModelOutput::name).toList())
        .tenants(tenants)
        .executor(executor)
        .clock(ticker, timer)
        .listener(listener)
        .build();
  }

  /**
   * Maps a model configuration to a batch policy. A model without {@code priority_levels} gets the
   * four clinical classes; one with {@code priority_levels} but no {@code default_priority_level}
   * puts unlabelled requests at its lowest level, so that they never jump ahead of labelled urgent
   * work.
   */
  static BatchPolicy policyFor(ModelConfig config) {
    DynamicBatching db = config.dynamicBatching();
    BatchPolicy.Builder b =
        BatchPolicy.builder()
            .maxBatchSize(config.maxBatchSize())
            .dynamicBatching(db != null && config.maxBatchSize() > 0)
            .sharedBatches(
                "true".equalsIgnoreCase(config.parameters().get(SHARED_BATCHES_PARAMETER)));
    if (db != null) {
      b.preferredBatchSizes(db.preferredBatchSizes())
          .maxQueueDelay(Duration.ofNanos(db.maxQueueDelayMicroseconds() * 1_000))
          .defaultLevelPolicy(levelPolicy(db.defaultQueuePolicy()));
      if (db.priorityLevels() > 0) {
        int defaultLevel =
            db.defaultPriorityLevel() > 0 ? db.defaultPriorityLevel() : db.priorityLevels();
        b.priorityLevels(db.priorityLevels(), defaultLevel);
      }
      Map<Integer, LevelPolicy> levels = new HashMap<>();
      db.priorityQueuePolicy().forEach((level, policy) -> levels.put(level, levelPolicy(policy)));
      b.levelPolicies(levels);
    }
    if ("fifo".equalsIgnoreCase(config.parameters().get(SCHEDULER_PARAMETER))) {
      b.fifo();
    }
    return b.build();
  }

  private static LevelPolicy levelPolicy(QueuePolicy q) {
    return new LevelPolicy(
        q.timeoutAction() == QueuePolicy.TimeoutAction.DELAY
            ? LevelPolicy.TimeoutAction.DELAY
            : LevelPolicy.TimeoutAction.REJECT,
        Duration.ofNanos(q.defaultTimeoutMicroseconds() * 1_000),
        q.allowTimeoutOverride(),
        q.maxQueueSize());
  }
}
