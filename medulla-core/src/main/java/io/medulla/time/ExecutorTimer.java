package io.medulla.time;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A timer over a {@link ScheduledExecutorService}. */
final class ExecutorTimer implements Timer {
  private final ScheduledExecutorService executor;

  ExecutorTimer(ScheduledExecutorService executor) {
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    requireNonNull(task, "task");
    long nanos = Math.max(0, saturatedNanos(delay));
    try {
      ScheduledFuture<?> f = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      // Shutting down: nothing will run any more, so a task that is never run is the truth.
      return () -> {};
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
