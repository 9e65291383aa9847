package io.medulla.scheduling;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a {@link DynamicBatcher} forms batches and orders work: the scheduler's own view of Triton's
 * {@code dynamic_batching} (this package does not read model configurations; the server maps them).
 *
 * <p><b>Priority levels, and FIFO.</b> Triton treats {@code priority_levels: 0} (unset) as plain
 * FIFO. Medulla instead gives a model whose configuration sets no {@code priority_levels} the four
 * {@linkplain ClinicalPriority clinical classes} (STAT, URGENT, ROUTINE default, BULK), because the
 * issue asks for four levels by default and urgent work must never wait behind routine work. A
 * model that sets {@code priority_levels} gets exactly that many strict levels. Plain FIFO — one
 * queue in arrival order, no fair share and no deadline-aware admission, the baseline that
 * comparisons are made against — is {@code priorityLevels == 0}, selected by the model parameter
 * {@code medulla.scheduler: fifo} (or a server flag); see {@link Builder#fifo()}.
 *
 * <p>Mapping from a model configuration (done by the server):
 *
 * <ul>
 *   <li>{@code max_batch_size} → {@link #maxBatchSize}
 *   <li>presence of {@code dynamic_batching} → {@link #dynamicBatching}
 *   <li>{@code preferred_batch_size} → {@link #preferredBatchSizes}
 *   <li>{@code max_queue_delay_microseconds} → {@link #maxQueueDelay}
 *   <li>{@code priority_levels} (0 → 4 clinical classes, unless FIFO) → {@link #priorityLevels}
 *   <li>{@code default_priority_level} (0 → 3, ROUTINE) → {@link #defaultPriorityLevel}
 *   <li>{@code default_queue_policy} → {@link #defaultLevelPolicy}; {@code priority_queue_policy} →
 *       {@link #levelPolicies}
 *   <li>model parameter {@code medulla.shared_batches: true} → {@link #sharedBatches}
 * </ul>
 *
 * @param maxBatchSize the most samples in one batch; 0 means the model has no batch dimension
 * @param dynamicBatching whether requests are merged into batches; when false every batch is one
 *     request (Triton without {@code dynamic_batching}), with priorities, deadlines and fair share
 *     still applied
 * @param preferredBatchSizes batch sizes worth waiting for, ascending, each in {@code [1,
 *     maxBatchSize]}
 * @param maxQueueDelay how long the oldest request of a forming batch may wait for it to reach a
 *     preferred size (or {@code maxBatchSize}); {@link Duration#ZERO} dispatches at once
 * @param priorityLevels the number of strict priority levels, level 1 served first; 0 means FIFO
 * @param defaultPriorityLevel the level of requests that name none (or one out of range); 0 in FIFO
 *     mode
 * @param defaultLevelPolicy the queue policy of levels without their own
 * @param levelPolicies per-level queue policies, keyed by level
 * @param sharedBatches whether one batch may hold several tenants' requests (an opt-out of tenant
 *     isolation; visible in metrics)
 * @param deadlineAwareAdmission whether requests that cannot meet their deadline given the observed
 *     execution time and the work ahead are refused at admission (503/504) and dropped at dispatch
 */
public record BatchPolicy(
    int maxBatchSize,
    boolean dynamicBatching,
    List<Integer> preferredBatchSizes,
    Duration maxQueueDelay,
    int priorityLevels,
    int defaultPriorityLevel,
    LevelPolicy defaultLevelPolicy,
    Map<Integer, LevelPolicy> levelPolicies,
    boolean sharedBatches,
    boolean deadlineAwareAdmission) {

  /** Creates a policy; validates every field and the rules between them. */
  public BatchPolicy {
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize + " (expected: >= 0)");
    }
    preferredBatchSizes = List.copyOf(new TreeSet<>(preferredBatchSizes));
    for (int p : preferredBatchSizes) {
      if (p < 1 || p > maxBatchSize) {
        throw new IllegalArgumentException(
            "preferredBatchSizes: " + p + " (expected: 1 to maxBatchSize " + maxBatchSize + ")");
      }
    }
    requireNonNull(maxQueueDelay, "maxQueueDelay");
    if (maxQueueDelay.isNegative()) {
      throw new IllegalArgumentException("maxQueueDelay: " + maxQueueDelay + " (expected: >= 0)");
    }
    if (priorityLevels < 0) {
      throw new IllegalArgumentException("priorityLevels: " + priorityLevels + " (expected: >= 0)");
    }
    if (priorityLevels == 0
        ? defaultPriorityLevel != 0
        : !isLevel(defaultPriorityLevel, priorityLevels)) {
      throw new IllegalArgumentException(
          "defaultPriorityLevel: "
              + defaultPriorityLevel
              + (priorityLevels == 0
                  ? " (expected: 0 when there are no priority levels)"
                  : " (expected: 1 to priorityLevels " + priorityLevels + ")"));
    }
    requireNonNull(defaultLevelPolicy, "defaultLevelPolicy");
    levelPolicies = Map.copyOf(levelPolicies);
    for (int level : levelPolicies.keySet()) {
      if (!isLevel(level, priorityLevels)) {
        throw new IllegalArgumentException(
            "levelPolicies: level "
                + level
                + " (expected: 1 to priorityLevels "
                + priorityLevels
                + ")");
      }
    }
  }

  private static boolean isLevel(int level, int levels) {
    return level >= 1 && level <= levels;
  }

  /** Returns a builder with the clinical defaults (see {@link Builder}). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the policy of a model with {@code dynamic_batching} and no {@code priority_levels}: the
   * four clinical classes, ROUTINE by default, Triton's default queue policy, tenant-isolated
   * batches. Batching is on when {@code maxBatchSize > 0}.
   */
  public static BatchPolicy clinicalDefaults(
      int maxBatchSize, List<Integer> preferredBatchSizes, Duration maxQueueDelay) {
    return builder()
        .maxBatchSize(maxBatchSize)
        .dynamicBatching(maxBatchSize > 0)
        .preferredBatchSizes(preferredBatchSizes)
        .maxQueueDelay(maxQueueDelay)
        .build();
  }

  /** Returns the FIFO baseline with the same batching settings. */
  public static BatchPolicy fifo(
      int maxBatchSize, List<Integer> preferredBatchSizes, Duration maxQueueDelay) {
    return builder()
        .maxBatchSize(maxBatchSize)
        .dynamicBatching(maxBatchSize > 0)
        .preferredBatchSizes(preferredBatchSizes)
        .maxQueueDelay(maxQueueDelay)
        .fifo()
        .build();
  }

  /** Returns whether this is plain FIFO mode ({@code priorityLevels == 0}). */
  public boolean isFifo() {
    return priorityLevels == 0;
  }

  /** Returns whether batches may hold more than one request. */
  public boolean mergesRequests() {
    return dynamicBatching && maxBatchSize > 1;
  }

  /** Returns the queue policy of {@code level} (its own, or the default). */
  public LevelPolicy levelPolicy(int level) {
    LevelPolicy own = levelPolicies.get(level);
    return own != null ? own : defaultLevelPolicy;
  }

  /**
   * Returns the level a request asking for {@code requested} is placed at: {@code requested} when
   * it is a valid level, else the default (as Triton does for 0 and out-of-range values).
   */
  public int effectiveLevel(int requested) {
    return isLevel(requested, priorityLevels) ? requested : defaultPriorityLevel;
  }

  /** Builds a {@link BatchPolicy}; every setter documents its default. */
  public static final class Builder {
    private int maxBatchSize;
    private boolean dynamicBatching;
    private List<Integer> preferredBatchSizes = List.of();
    private Duration maxQueueDelay = Duration.ZERO;
    private int priorityLevels = ClinicalPriority.COUNT;
    private int defaultPriorityLevel = ClinicalPriority.ROUTINE.level();
    private LevelPolicy defaultLevelPolicy = LevelPolicy.defaults();
    private Map<Integer, LevelPolicy> levelPolicies = Map.of();
    private boolean sharedBatches;
    private boolean deadlineAwareAdmission = true;

    private Builder() {}

    /** Sets the most samples per batch; default 0 (no batch dimension). */
    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Sets whether requests are merged; default false (each request runs alone). */
    public Builder dynamicBatching(boolean dynamicBatching) {
      this.dynamicBatching = dynamicBatching;
      return this;
    }

    /** Sets the preferred batch sizes; default none. */
    public Builder preferredBatchSizes(List<Integer> preferredBatchSizes) {
      this.preferredBatchSizes = List.copyOf(preferredBatchSizes);
      return this;
    }

    /** Sets how long a forming batch may wait to fill; default zero. */
    public Builder maxQueueDelay(Duration maxQueueDelay) {
      this.maxQueueDelay = requireNonNull(maxQueueDelay, "maxQueueDelay");
      return this;
    }

    /**
     * Sets the number of levels and the default level; default 4 clinical classes, level 3
     * (ROUTINE).
     */
    public Builder priorityLevels(int priorityLevels, int defaultPriorityLevel) {
      this.priorityLevels = priorityLevels;
      this.defaultPriorityLevel = defaultPriorityLevel;
      return this;
    }

    /**
     * Selects plain FIFO: no levels, no fair share, no deadline-aware admission (Triton's
     * behaviour; the baseline). Default: off.
     */
    public Builder fifo() {
      this.priorityLevels = 0;
      this.defaultPriorityLevel = 0;
      this.deadlineAwareAdmission = false;
      return this;
    }

    /** Sets the queue policy of levels without their own; default {@link LevelPolicy#defaults}. */
    public Builder defaultLevelPolicy(LevelPolicy policy) {
      this.defaultLevelPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /** Sets per-level queue policies; default none. */
    public Builder levelPolicies(Map<Integer, LevelPolicy> policies) {
      this.levelPolicies = Map.copyOf(policies);
      return this;
    }

    /** Sets whether batches may mix tenants; default false (tenant-isolated batches). */
    public Builder sharedBatches(boolean sharedBatches) {
      this.sharedBatches = sharedBatches;
      return this;
    }

    /** Sets whether deadline-aware admission is on; default true (off after {@link #fifo()}). */
    public Builder deadlineAwareAdmission(boolean on) {
      this.deadlineAwareAdmission = on;
      return this;
    }

    /** Returns the policy; validates the fields and the rules between them. */
    public BatchPolicy build() {
      return new BatchPolicy(
          maxBatchSize,
          dynamicBatching,
          preferredBatchSizes,
          maxQueueDelay,
          priorityLevels,
          defaultPriorityLevel,
          defaultLevelPolicy,
          levelPolicies,
          sharedBatches,
          deadlineAwareAdmission);
    }
  }
}
