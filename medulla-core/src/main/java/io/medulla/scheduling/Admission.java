package io.medulla.scheduling;

import io.medulla.inference.Deadline;
import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.OverloadedException;
import io.medulla.inference.QueueFullException;
import io.medulla.inference.QuotaExceededException;
import io.medulla.tenancy.TenantPolicy;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request may join the queues, and if not, why and when to retry. Checks, in
 * order: the level's {@code maxQueueSize} (429 queue full); the tenant's queued and in-flight
 * limits (429 quota); with deadline-aware admission, whether the model's observed execution time
 * alone exceeds the time left (504, never computed) and whether the estimated wait for the work
 * queued at the request's level and above leaves time to meet the deadline (503 overloaded); last
 * the tenant's rate (429 quota), so that refused requests use no tokens.
 *
 * <p>Because the wait counts only work at the request's level and above, lower levels are refused
 * first as load grows, and STAT is refused only when STAT work alone cannot be served in time.
 * Guarded by the scheduler's lock.
 */
final class Admission {
  /** A refusal: why, and the failure to answer with. */
  record Refusal(RejectReason reason, InferenceException error) {}

  /** The Retry-After of refusals made before any execution was measured. */
  static final Duration UNKNOWN_RETRY = Duration.ofSeconds(1);

  private final ModelId id;
  private final BatchPolicy policy;
  private final JobQueues queues;
  private final ExecutionEstimator estimator;
  private final int instances;

  Admission(
      ModelId id,
      BatchPolicy policy,
      JobQueues queues,
      ExecutionEstimator estimator,
      int instances) {
    this.id = id;
    this.policy = policy;
    this.queues = queues;
    this.estimator = estimator;
    this.instances = instances;
  }

  /**
   * Returns the ticker reading at which a request's wait times out at {@code pc}, or {@link
   * Job#NO_TIMEOUT}; see {@link LevelPolicy} for the rule.
   */
  static long effectiveTimeout(Deadline deadline, LevelPolicy lp, long nowNanos) {
    long byPolicy =
        lp.hasDefaultTimeout() ? saturatedAdd(nowNanos, lp.defaultTimeout()) : Job.NO_TIMEOUT;
    if (deadline.isSet() && (lp.allowTimeoutOverride() || byPolicy == Job.NO_TIMEOUT)) {
      return Math.min(deadline.expiresAtNanos(), byPolicy);
    }
    return byPolicy;
  }

  /** Returns why the request may not be queued, or null when it may. */
  @Nullable Refusal check(
      PriorityClass pc,
      TenantLoad load,
      int samples,
      long timeoutNanos,
      boolean hardDeadline,
      long now,
      int idleInstances) {
    int maxQueue = pc.policy.maxQueueSize();
    if (maxQueue > 0 && pc.queued >= maxQueue) {
      Duration retry = retryAfter(waitNanos(pc, idleInstances));
      return new Refusal(
          RejectReason.QUEUE_FULL,
          new QueueFullException(
              levelName(pc)
                  + " of model '"
                  + id.name()
                  + "' has "
                  + pc.queued
                  + " requests waiting (max_queue_size "
                  + maxQueue
                  + "); retry after "
                  + millis(retry),
              retry));
    }
    TenantPolicy tp = load.policy;
    if (tp.maxQueued() > 0 && load.totalQueued >= tp.maxQueued()) {
      return quota(
          RejectReason.TENANT_QUEUE_LIMIT,
          load,
          "has " + load.totalQueued + " requests waiting (its limit is " + tp.maxQueued() + ")",
          retryAfter(waitNanos(pc, idleInstances)));
    }
    int inFlight = load.totalQueued + load.totalInFlight;
    if (tp.maxInFlight() > 0 && inFlight >= tp.maxInFlight()) {
      return quota(
          RejectReason.TENANT_IN_FLIGHT_LIMIT,
          load,
          "has "
              + inFlight
              + " requests waiting or executing (its limit is "
              + tp.maxInFlight()
              + ")",
          retryAfter(estimator.nanos(samples)));
    }
    if (policy.deadlineAwareAdmission()
        && hardDeadline
        && timeoutNanos != Job.NO_TIMEOUT
        && estimator.hasData()) {
      Refusal late = checkDeadline(pc, samples, timeoutNanos, now, idleInstances);
      if (late != null) {
        return late;
      }
    }
    TokenBucket rate = load.rate;
    if (rate != null) {
      long wait = rate.nanosUntilToken(now);
      if (wait > 0) {
        return quota(
            RejectReason.TENANT_RATE_LIMIT,
            load,
            "exceeded its rate of " + tp.requestsPerSecond() + " requests per second",
            retryAfter(wait));
      }
      rate.take();
    }
    return null;
  }

  private @Nullable Refusal checkDeadline(
      PriorityClass pc, int samples, long timeoutNanos, long now, int idleInstances) {
    long left = timeoutNanos - now;
    long run = estimator.nanos(samples);
    if (run > left) {
      return new Refusal(
          RejectReason.DEADLINE_UNMEETABLE,
          new DeadlineExceededException(
              "model '"
                  + id.name()
                  + "' takes about "
                  + millis(Duration.ofNanos(run))
                  + " to run this request but its deadline is "
                  + millis(Duration.ofNanos(Math.max(0, left)))
                  + " away; it was not computed; allow a timeout of at least "
                  + millis(Duration.ofNanos(run))));
    }
    long wait = waitNanos(pc, idleInstances);
    if (wait + run > left) {
      Duration retry = retryAfter(wait + run - left);
      return new Refusal(
          RejectReason.OVERLOADED,
          new OverloadedException(
              "model '"
                  + id.name()
                  + "' is overloaded at "
                  + levelName(pc)
                  + ": the work ahead takes about "
                  + millis(Duration.ofNanos(wait))
                  + ", which leaves no time to meet the request's deadline; retry after "
                  + millis(retry)
                  + " or allow a longer timeout",
              retry));
    }
    return null;
  }

  /**
   * Returns the estimated wait before a new request at {@code pc} starts: the samples queued at its
   * level and above, in batches as large as the queue allows (never smaller than recent batches),
   * spread over the instances, plus half a batch when every instance is busy.
   */
  long waitNanos(PriorityClass pc, int idleInstances) {
    if (!estimator.hasData()) {
      return 0;
    }
    long ahead = queues.samplesAtOrAbove(pc);
    int cap =
        policy.mergesRequests()
            ? (int) Math.min(policy.maxBatchSize(), Math.max(ahead, estimator.typicalBatchSize()))
            : 1;
    long perBatch = estimator.nanos(cap);
    long batches = (ahead + cap - 1) / cap;
    long rounds = (batches + instances - 1) / instances;
    long wait = rounds * perBatch;
    if (idleInstances == 0) {
      wait += perBatch / 2;
    }
    return wait;
  }

  private Refusal quota(RejectReason reason, TenantLoad load, String what, Duration retry) {
    return new Refusal(
        reason,
        new QuotaExceededException(
            "tenant '"
                + load.id
                + "' "
                + what
                + " on model '"
                + id.name()
                + "'; retry after "
                + millis(retry),
            retry));
  }

  private Duration retryAfter(long nanos) {
    if (!estimator.hasData() && nanos <= 0) {
      return UNKNOWN_RETRY;
    }
    return Duration.ofNanos(Math.max(nanos, 1_000_000));
  }

  private String levelName(PriorityClass pc) {
    return queues.fifo ? "the queue" : "priority level " + pc.level;
  }

  private static String millis(Duration d) {
    long ms = (d.toNanos() + 999_999) / 1_000_000;
    return ms + " ms";
  }

  private static long saturatedAdd(long now, Duration d) {
    long nanos = d.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : d.toNanos();
    long sum = now + nanos;
    return sum < now ? Job.NO_TIMEOUT - 1 : sum;
  }
}
