package io.medulla.scheduling;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One admitted request and its place in a {@link DynamicBatcher}'s queues. Mutable fields are
 * guarded by the batcher's lock.
 */
final class Job {
  /** The timeout of a request that has none. */
  static final long NO_TIMEOUT = Long.MAX_VALUE;

  /** Earliest deadline first; arrival order among equal deadlines and among jobs without one. */
  static final Comparator<Job> BY_DEADLINE =
      (a, b) -> {
        int c = Long.compare(a.timeoutNanos, b.timeoutNanos);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      };

  /** Arrival order. */
  static final Comparator<Job> BY_ARRIVAL = (a, b) -> Long.compare(a.seq, b.seq);

  /** A job's position in the queue it waits in. */
  static final IndexedHeap.Slot<Job> QUEUE_SLOT =
      new IndexedHeap.Slot<>() {
        @Override
        public int get(Job j) {
          return j.queueIndex;
        }

        @Override
        public void set(Job j, int i) {
          j.queueIndex = i;
        }
      };

  /** A job's position in the heap of pending timeouts. */
  static final IndexedHeap.Slot<Job> TIMEOUT_SLOT =
      new IndexedHeap.Slot<>() {
        @Override
        public int get(Job j) {
          return j.timeoutIndex;
        }

        @Override
        public void set(Job j, int i) {
          j.timeoutIndex = i;
        }
      };

  enum State {
    /** Waiting in its lane (or, in FIFO mode, in arrival order). */
    QUEUED,
    /** Waiting after its timeout passed under the DELAY action: behind all else of its level. */
    DELAYED,
    /** In a batch handed to an instance. */
    DISPATCHED,
    /** Answered, or withdrawn. */
    DONE
  }

  final InferenceRequest request;
  final CompletableFuture<InferenceResponse> future;
  final long seq;
  final PriorityClass priorityClass;
  final TenantLoad tenant;
  final @Nullable TenantLane lane;
  final BatchSignature signature;
  final int samples;
  final long enqueuedNanos;
  final long timeoutNanos;
  final boolean delayOnTimeout;

  State state = State.QUEUED;
  int queueIndex = -1;
  int timeoutIndex = -1;

  /** The heap the job waits in while QUEUED or DELAYED. */
  @Nullable IndexedHeap<Job> home;

  /** The virtual service charged to its lane when dispatched, already divided by the weight. */
  double charged;

  /** Why it was answered without being computed, once it was. */
  @Nullable RejectReason rejection;

  Job(
      InferenceRequest request,
      CompletableFuture<InferenceResponse> future,
      long seq,
      PriorityClass priorityClass,
      TenantLoad tenant,
      @Nullable TenantLane lane,
      BatchSignature signature,
      int samples,
      long enqueuedNanos,
      long timeoutNanos,
      boolean delayOnTimeout) {
    this.request = request;
    this.future = future;
    this.seq = seq;
    this.priorityClass = priorityClass;
    this.tenant = tenant;
    this.lane = lane;
    this.signature = signature;
    this.samples = samples;
    this.enqueuedNanos = enqueuedNanos;
    this.timeoutNanos = timeoutNanos;
    this.delayOnTimeout = delayOnTimeout;
  }

  /** Returns whether the job must not run at or after {@link #timeoutNanos}. */
  boolean hasHardDeadline() {
    return timeoutNanos != NO_TIMEOUT && !delayOnTimeout;
  }

  /** Returns whether its hard deadline has passed at {@code nowNanos}. */
  boolean isExpired(long nowNanos) {
    return hasHardDeadline() && nowNanos - timeoutNanos >= 0;
  }
}
