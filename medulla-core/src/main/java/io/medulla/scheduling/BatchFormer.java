package io.medulla.scheduling;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Forms the next batch from a {@link JobQueues}, or says how long to wait for a better one. Guarded
 * by the scheduler's lock; calls nothing outside the scheduling package.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>The head comes from {@link JobQueues#top()}: strict priority, then least service, then
 *       earliest deadline. A head whose deadline has passed, or (with deadline-aware admission)
 *       cannot be met given the estimated execution time, is dropped, never computed.
 *   <li>The batch is filled from the head's own heap while the next job is compatible (same {@link
 *       BatchSignature}, and same tenant unless batches are shared), fits in {@code maxBatchSize}
 *       and the larger batch still meets every deadline in it. In FIFO mode and for delayed work
 *       the first job that does not fit ends the batch, so arrival order holds.
 *   <li>A batch of a preferred size or {@code maxBatchSize} goes at once; a larger one is cut back
 *       to the largest preferred size it exceeds; a smaller one waits, up to {@code maxQueueDelay}
 *       after its oldest request and never so long that its earliest deadline would be missed.
 *   <li>A batch that goes may be topped up: with other tenants' compatible work of the same level
 *       when batches are shared, and with the same tenant's compatible work of lower levels when
 *       that makes the batch at most {@value #TOP_UP_SLACK_PERCENT}% slower by the estimate (so it
 *       does not materially delay the urgent request) and meets every deadline.
 *   <li>A batch that would wait to fill is first topped up with the same tenant's lower-level work
 *       (while that costs less than the wait): if that reaches a preferred size, it goes at once,
 *       so urgent work never waits for a batch that queued routine work could complete.
 * </ol>
 */
final class BatchFormer {
  static final int TOP_UP_SLACK_PERCENT = 10;

  /** A formed batch, or the time to look again (or neither). */
  record Formation(@Nullable List<Job> batch, long wakeNanos) {
    static final Formation NONE = new Formation(null, Job.NO_TIMEOUT);
  }

  private final JobQueues queues;
  private final BatchPolicy policy;
  private final ExecutionEstimator estimator;
  private final int maxSamples;
  private final long maxQueueDelayNanos;

  BatchFormer(JobQueues queues, BatchPolicy policy, ExecutionEstimator estimator) {
    this.queues = queues;
    this.policy = policy;
    this.estimator = estimator;
    this.maxSamples = policy.mergesRequests() ? policy.maxBatchSize() : 1;
    this.maxQueueDelayNanos = policy.maxQueueDelay().toNanos();
  }

  /**
   * Forms the next batch at {@code nowNanos}. Jobs found expired or unmeetable are settled, marked
   * and added to {@code dropped}; the caller answers them.
   */
  Formation form(long nowNanos, boolean draining, List<Job> dropped) {
    queues.expireDue(nowNanos, dropped);
    while (true) {
      JobQueues.Source src = queues.top();
      if (src == null) {
        return Formation.NONE;
      }
      Job head = src.heap().peek();
      if (head == null) {
        throw new IllegalStateException("empty source");
      }
      long headDeadline = head.hasHardDeadline() ? head.timeoutNanos : Job.NO_TIMEOUT;
      if (head.isExpired(nowNanos) || !feasible(nowNanos, headDeadline, head.samples)) {
        queues.take(head);
        queues.settle(head);
        head.rejection =
            head.isExpired(nowNanos)
                ? RejectReason.DEADLINE_EXPIRED
                : RejectReason.DEADLINE_UNMEETABLE;
        dropped.add(head);
        continue;
      }
      return formFrom(src, head, nowNanos, draining);
    }
  }

  private Formation formFrom(JobQueues.Source src, Job head, long now, boolean draining) {
    List<Job> batch = new ArrayList<>(maxSamples == 1 ? 1 : 8);
    queues.take(head);
    batch.add(head);
    Fill fill = new Fill(head);
    if (maxSamples > 1) {
      fillFrom(src.heap(), head, batch, fill, now, Long.MAX_VALUE);
      shareWithOtherTenants(src, head, batch, fill, now);
      boolean cut = false;
      boolean toppedUp = false;
      if (fill.samples < maxSamples && !policy.preferredBatchSizes().contains(fill.samples)) {
        int preferred = largestPreferredBelow(fill.samples);
        if (preferred > 0) {
          cut = true;
          while (fill.samples > preferred && batch.size() > 1) {
            Job last = batch.remove(batch.size() - 1);
            fill.samples -= last.samples;
            queues.putBack(last);
          }
        } else if (!draining && maxQueueDelayNanos > 0) {
          // Waiting for the batch to fill would delay its head; the same tenant's lower-priority
          // work that fills it now serves the head sooner, so it may join first.
          topUpFromLowerLevels(src, head, batch, fill, now, true);
          toppedUp = true;
          long wake = isGoodSize(fill.samples) ? now : wakeFor(fill, now);
          if (wake - now > 0) {
            for (int i = batch.size() - 1; i >= 0; i--) {
              queues.putBack(batch.get(i));
            }
            return new Formation(null, wake);
          }
        }
      }
      if (!cut && !toppedUp) {
        topUpFromLowerLevels(src, head, batch, fill, now, false);
      }
    }
    for (Job j : batch) {
      queues.settle(j);
    }
    return new Formation(batch, Job.NO_TIMEOUT);
  }

  /** The running totals of a batch being formed. */
  private static final class Fill {
    int samples;
    long earliestDeadline;
    long oldestNanos;

    Fill(Job head) {
      samples = head.samples;
      earliestDeadline = head.hasHardDeadline() ? head.timeoutNanos : Job.NO_TIMEOUT;
      oldestNanos = head.enqueuedNanos;
    }

    void add(Job j) {
      samples += j.samples;
      if (j.hasHardDeadline()) {
        earliestDeadline = Math.min(earliestDeadline, j.timeoutNanos);
      }
      oldestNanos = Math.min(oldestNanos, j.enqueuedNanos);
    }
  }

  /** Takes jobs from the top of {@code heap} while they join; stops at the first that does not. */
  private void fillFrom(
      IndexedHeap<Job> heap, Job head, List<Job> batch, Fill fill, long now, long maxNanos) {
    while (fill.samples < maxSamples) {
      Job next = heap.peek();
      if (next == null || !joins(head, next, fill, now, maxNanos)) {
        return;
      }
      queues.take(next);
      batch.add(next);
      fill.add(next);
    }
  }

  private boolean joins(Job head, Job next, Fill fill, long now, long maxNanos) {
    int samples = fill.samples + next.samples;
    if (samples > maxSamples || !next.signature.equals(head.signature)) {
      return false;
    }
    if (!policy.sharedBatches() && !next.tenant.id.equals(head.tenant.id)) {
      return false;
    }
    if (next.isExpired(now)) {
      return false;
    }
    long deadline =
        next.hasHardDeadline()
            ? Math.min(fill.earliestDeadline, next.timeoutNanos)
            : fill.earliestDeadline;
    if (!feasible(now, deadline, samples)) {
      return false;
    }
    return maxNanos == Long.MAX_VALUE || estimator.nanos(samples) <= maxNanos;
  }

  /**
   * Returns whether a batch of {@code samples} started now would finish by {@code deadline}, by the
   * estimate; always true without deadline-aware admission or before any run was measured.
   */
  private boolean feasible(long now, long deadline, int samples) {
    if (!policy.deadlineAwareAdmission() || deadline == Job.NO_TIMEOUT || !estimator.hasData()) {
      return true;
    }
    return deadline - now - estimator.nanos(samples) >= 0;
  }

  private long wakeFor(Fill fill, long now) {
    long wake = fill.oldestNanos + maxQueueDelayNanos;
    if (fill.earliestDeadline != Job.NO_TIMEOUT) {
      int target = smallestPreferredAbove(fill.samples);
      long latestStart = fill.earliestDeadline - estimator.nanos(target);
      wake = Math.min(wake, latestStart);
    }
    return Math.max(wake, now);
  }

  private void shareWithOtherTenants(
      JobQueues.Source src, Job head, List<Job> batch, Fill fill, long now) {
    if (!policy.sharedBatches() || src.lane() == null) {
      return;
    }
    for (TenantLane other : src.priorityClass().lanes.values()) {
      IndexedHeap<Job> bucket = other.buckets.get(head.signature);
      if (other != src.lane() && bucket != null && fill.samples < maxSamples) {
        fillFrom(bucket, head, batch, fill, now, Long.MAX_VALUE);
      }
    }
  }

  /**
   * Adds the head tenant's compatible lower-level work. A batch that goes anyway may grow only
   * within the slack of its estimated time; one that would otherwise wait to fill ({@code filling})
   * may grow without an estimate, since waiting would delay its head more.
   */
  private void topUpFromLowerLevels(
      JobQueues.Source src, Job head, List<Job> batch, Fill fill, long now, boolean filling) {
    if (src.lane() == null || fill.samples >= maxSamples || (!filling && !estimator.hasData())) {
      return;
    }
    long budget;
    if (!estimator.hasData()) {
      budget = Long.MAX_VALUE;
    } else if (filling) {
      // Growth is worth it while it costs less than the wait for the batch to fill.
      budget = saturatedAdd(estimator.nanos(fill.samples), maxQueueDelayNanos);
    } else {
      budget = estimator.nanos(fill.samples) * (100 + TOP_UP_SLACK_PERCENT) / 100;
    }
    for (int i = src.priorityClass().index + 1;
        i < queues.classes.length && fill.samples < maxSamples;
        i++) {
      TenantLane lane = queues.classes[i].lanes.get(head.tenant.id);
      IndexedHeap<Job> bucket = lane == null ? null : lane.buckets.get(head.signature);
      if (bucket != null) {
        fillFrom(bucket, head, batch, fill, now, budget);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private boolean isGoodSize(int samples) {
    return samples >= maxSamples || policy.preferredBatchSizes().contains(samples);
  }

  private int largestPreferredBelow(int samples) {
    int best = 0;
    for (int p : policy.preferredBatchSizes()) {
      if (p < samples) {
        best = p;
      }
    }
    return best;
  }

  private int smallestPreferredAbove(int samples) {
    for (int p : policy.preferredBatchSizes()) {
      if (p > samples) {
        return p;
      }
    }
    return maxSamples;
  }
}
