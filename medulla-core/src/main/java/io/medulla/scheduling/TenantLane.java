package io.medulla.scheduling;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's work at one priority level, and the service it has received there: the unit of fair
 * share. Its jobs wait in one earliest-deadline-first heap per {@link BatchSignature}, so that a
 * batch is a run of one heap. Guarded by the scheduler's lock.
 */
final class TenantLane {
  /** Least service first (virtual-time fair queueing); creation order breaks ties. */
  static final Comparator<TenantLane> BY_SERVICE =
      (a, b) -> {
        int c = Double.compare(a.service, b.service);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      };

  static final IndexedHeap.Slot<TenantLane> SLOT =
      new IndexedHeap.Slot<>() {
        @Override
        public int get(TenantLane lane) {
          return lane.heapIndex;
        }

        @Override
        public void set(TenantLane lane, int i) {
          lane.heapIndex = i;
        }
      };

  final TenantLoad tenant;
  final double weight;
  final long seq;
  final Map<BatchSignature, IndexedHeap<Job>> buckets = new HashMap<>();

  /** Execution nanoseconds received (and charged in advance) divided by the weight. */
  double service;

  int heapIndex = -1;
  int jobs;

  TenantLane(TenantLoad tenant, long seq) {
    this.tenant = tenant;
    this.weight = tenant.policy.weight();
    this.seq = seq;
  }

  /** Returns the job with the earliest deadline over every signature, or null when empty. */
  @Nullable Job head() {
    Job best = null;
    for (IndexedHeap<Job> bucket : buckets.values()) {
      Job h = bucket.peek();
      if (h != null && (best == null || Job.BY_DEADLINE.compare(h, best) < 0)) {
        best = h;
      }
    }
    return best;
  }

  /** Returns the heap for {@code signature}, creating it. */
  IndexedHeap<Job> bucket(BatchSignature signature) {
    return buckets.computeIfAbsent(
        signature, s -> new IndexedHeap<>(Job.BY_DEADLINE, Job.QUEUE_SLOT));
  }
}
