package io.medulla.autoscaling;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Cancellable;
import io.medulla.time.Timer;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a {@link ScalingPolicy} on a {@link Timer}: once at {@link #start()}, then every {@link
 * ScalingSettings#evaluationPeriod()}, each time against the current replica count. On a virtual
 * clock it evaluates as the clock advances. Thread-safe; {@link #close()} may be called from any
 * thread.
 */
public final class ScalingLoop implements AutoCloseable {
  private final ScalingPolicy policy;
  private final Timer timer;
  private final IntSupplier currentReplicas;
  private final Duration period;
  private final Object lock = new Object();
  private @Nullable Cancellable next;
  private boolean started;
  private boolean closed;

  /**
   * Creates a loop; nothing is evaluated until {@link #start()}.
   *
   * @param currentReplicas the deployment's replica count at each evaluation, at least 1
   */
  public ScalingLoop(ScalingPolicy policy, Timer timer, IntSupplier currentReplicas) {
    this.policy = requireNonNull(policy, "policy");
    this.timer = requireNonNull(timer, "timer");
    this.currentReplicas = requireNonNull(currentReplicas, "currentReplicas");
    this.period = policy.settings().evaluationPeriod();
  }

  /**
   * Evaluates now, on the calling thread, so that the policy has a decision at once, then every
   * period on the timer.
   *
   * @throws IllegalStateException when started twice or after close
   */
  public void start() {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "closed" : "already started");
      }
      started = true;
    }
    tick();
  }

  private void tick() {
    try {
      policy.evaluate(currentReplicas.getAsInt());
    } finally {
      // One bad evaluation must not end the loop: the next may succeed.
      synchronized (lock) {
        if (!closed) {
          next = timer.schedule(period, this::tick);
        }
      }
    }
  }

  /** Stops evaluating; the latest decision stays readable. Idempotent. */
  @Override
  public void close() {
    Cancellable c;
    synchronized (lock) {
      closed = true;
      c = next;
      next = null;
    }
    if (c != null) {
      c.cancel();
    }
  }
}
