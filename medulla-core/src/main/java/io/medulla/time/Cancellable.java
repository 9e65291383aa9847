package io.medulla.time;

/** A handle on a scheduled task that has perhaps not yet run. */
@FunctionalInterface
public interface Cancellable {
  /** Stops the task from running if it has not started; does nothing otherwise. Idempotent. */
  void cancel();
}
