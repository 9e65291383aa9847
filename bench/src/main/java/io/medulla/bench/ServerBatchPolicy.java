package io.medulla.bench;

import io.medulla.repository.DynamicBatching;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.QueuePolicy;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.LevelPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The batch policy the server gives a model: a copy of {@code
 * io.medulla.server.Schedulers.policyFor}, which is package-private there. G9 hands the simulator
 * the same policy the server runs under, so the two must agree; when the server's mapping changes,
 * change this copy with it (G9's table prints the policy it simulated).
 */
final class ServerBatchPolicy {
  private static final String SCHEDULER_PARAMETER = "medulla.scheduler";
  private static final String SHARED_BATCHES_PARAMETER = "medulla.shared_batches";

  private ServerBatchPolicy() {}

  /** Returns the policy the server's scheduler uses for {@code config}. */
  static BatchPolicy of(ModelConfig config) {
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
