package io.medulla.repository;

import static java.util.Objects.requireNonNull;

/**
 * Triton's {@code ModelQueuePolicy}: what happens to requests that wait too long, and how many may
 * wait.
 *
 * @param timeoutAction REJECT or DELAY
 * @param defaultTimeoutMicroseconds the timeout of requests that set none; 0 means none
 * @param allowTimeoutOverride whether a request's own timeout may replace the default
 * @param maxQueueSize the most requests that may wait; 0 means unbounded
 */
public record QueuePolicy(
    TimeoutAction timeoutAction,
    long defaultTimeoutMicroseconds,
    boolean allowTimeoutOverride,
    int maxQueueSize) {
  /** What to do with a request whose queue timeout passed. */
  public enum TimeoutAction {
    REJECT,
    DELAY
  }

  /** Creates a policy; validates the fields. */
  public QueuePolicy {
    requireNonNull(timeoutAction, "timeoutAction");
  }

  /** Returns Triton's default policy: reject, no timeout, no override, unbounded. */
  public static QueuePolicy defaults() {
    return new QueuePolicy(TimeoutAction.REJECT, 0, false, 0);
  }
}
