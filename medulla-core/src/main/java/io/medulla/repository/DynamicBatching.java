package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Triton's {@code dynamic_batching} settings, read now and used by the scheduler.
 *
 * @param preferredBatchSizes batch sizes the batcher tries to form
 * @param maxQueueDelayMicroseconds how long a request may wait for a batch to fill
 * @param preserveOrdering whether responses leave in arrival order
 * @param priorityLevels the number of priority levels; 0 means none (plain FIFO)
 * @param defaultPriorityLevel the level of requests that name none
 * @param defaultQueuePolicy the queue policy of every level without its own
 * @param priorityQueuePolicy per-level queue policies
 */
public record DynamicBatching(
    List<Integer> preferredBatchSizes,
    long maxQueueDelayMicroseconds,
    boolean preserveOrdering,
    int priorityLevels,
    int defaultPriorityLevel,
    QueuePolicy defaultQueuePolicy,
    Map<Integer, QueuePolicy> priorityQueuePolicy) {
  /** Creates the settings; copies the collections. */
  public DynamicBatching {
    preferredBatchSizes = List.copyOf(preferredBatchSizes);
    requireNonNull(defaultQueuePolicy, "defaultQueuePolicy");
    priorityQueuePolicy = Map.copyOf(priorityQueuePolicy);
  }
}
