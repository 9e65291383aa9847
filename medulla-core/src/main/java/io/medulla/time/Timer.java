package io.medulla.time;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs tasks after a delay. Like {@link Ticker}, a timer is handed in by the composition root so
 * that schedulers run unchanged on real and on virtual time.
 *
 * <p>Tasks are short and must not block; they run on a thread the timer chooses (on a {@link
 * VirtualClock}, the thread that advances it).
 */
public interface Timer {
  /**
   * Runs {@code task} once, {@code delay} from now (a zero or negative delay means as soon as
   * possible).
   *
   * @return a handle that cancels the task if it has not yet run
   */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * Returns a timer that runs tasks on {@code executor}. The executor is not shut down by the
   * timer; its owner does that.
   */
  static Timer of(ScheduledExecutorService executor) {
    return new ExecutorTimer(executor);
  }
}
