package io.medulla.scheduling;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The queue policy of one priority level: the scheduler's view of Triton's {@code
 * ModelQueuePolicy}.
 *
 * <p>A request's effective timeout is: its own deadline when it has one and either {@code
 * allowTimeoutOverride} is set (then never later than {@code defaultTimeout}, as in Triton) or the
 * level has no default timeout; otherwise {@code defaultTimeout} from its arrival; otherwise none.
 *
 * @param timeoutAction what happens when the effective timeout passes while the request waits
 * @param defaultTimeout the timeout of requests at this level; {@link Duration#ZERO} means none
 * @param allowTimeoutOverride whether a request's own (shorter) deadline replaces the default
 * @param maxQueueSize the most requests that may wait at this level; 0 means unbounded
 */
public record LevelPolicy(
    TimeoutAction timeoutAction,
    Duration defaultTimeout,
    boolean allowTimeoutOverride,
    int maxQueueSize) {
  /** What happens to a request whose timeout passes while it waits. */
  public enum TimeoutAction {
    /** It is answered DEADLINE_EXCEEDED (504) and never computed. */
    REJECT,
    /** It is kept but loses its place: it is served after all other work of its level. */
    DELAY
  }

  /** Creates a policy; validates the fields. */
  public LevelPolicy {
    requireNonNull(timeoutAction, "timeoutAction");
    requireNonNull(defaultTimeout, "defaultTimeout");
    if (defaultTimeout.isNegative()) {
      throw new IllegalArgumentException("defaultTimeout: " + defaultTimeout + " (expected: >= 0)");
    }
    if (maxQueueSize < 0) {
      throw new IllegalArgumentException("maxQueueSize: " + maxQueueSize + " (expected: >= 0)");
    }
  }

  /** Returns Triton's default policy: reject, no default timeout, no override, unbounded. */
  public static LevelPolicy defaults() {
    return new LevelPolicy(TimeoutAction.REJECT, Duration.ZERO, false, 0);
  }

  /** Returns whether the level has a default timeout. */
  public boolean hasDefaultTimeout() {
    return !defaultTimeout.isZero();
  }
}
