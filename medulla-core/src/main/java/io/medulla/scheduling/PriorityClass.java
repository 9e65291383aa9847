package io.medulla.scheduling;

import io.medulla.inference.TenantId;
import java.util.HashMap;
import java.util.Map;

/**
 * The work waiting at one priority level. In priority mode it waits in tenant lanes, served by
 * least received service; in FIFO mode in one arrival-ordered heap. Work whose DELAY timeout passed
 * waits behind both. Guarded by the scheduler's lock.
 */
final class PriorityClass {
  final int index;
  final int level;
  final LevelPolicy policy;
  final Map<TenantId, TenantLane> lanes = new HashMap<>();
  final IndexedHeap<TenantLane> backlogged =
      new IndexedHeap<>(TenantLane.BY_SERVICE, TenantLane.SLOT);
  final IndexedHeap<Job> arrivals = new IndexedHeap<>(Job.BY_ARRIVAL, Job.QUEUE_SLOT);
  final IndexedHeap<Job> delayed = new IndexedHeap<>(Job.BY_DEADLINE, Job.QUEUE_SLOT);
  int queued;
  long queuedSamples;

  /**
   * The service of the last lane chosen: a lane that becomes backlogged starts no lower than the
   * lanes already waiting (or this), so idle time earns no credit.
   */
  double virtualTime;

  PriorityClass(int index, int level, LevelPolicy policy) {
    this.index = index;
    this.level = level;
    this.policy = policy;
  }
}
