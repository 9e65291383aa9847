package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@code concurrency} requests in flight through a {@link BlockingTarget}, one platform
 * thread per request in flight: how an application calls an in-process runtime directly.
 */
final class ThreadedClosedLoop implements ClosedLoop {
  private final BlockingTarget target;
  private final int concurrency;
  private final Ticker ticker;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile boolean running;

  ThreadedClosedLoop(BlockingTarget target, int concurrency, Ticker ticker) {
    this.target = requireNonNull(target, "target");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: > 0)");
    }
    this.concurrency = concurrency;
    this.ticker = requireNonNull(ticker, "ticker");
  }

  @Override
  public void start(LatencyRecorder recorder) {
    requireNonNull(recorder, "recorder");
    running = true;
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(() -> loop(recorder), "bench-load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void loop(LatencyRecorder recorder) {
    while (running) {
      long start = ticker.nanos();
      try {
        target.call();
      } catch (Exception e) {
        failure.compareAndSet(null, e);
        running = false;
        return;
      }
      recorder.record(ticker.nanos() - start);
    }
  }

  @Override
  public void stop(Duration timeout) {
    running = false;
    try {
      for (Thread t : threads) {
        if (!t.join(timeout)) {
          throw new IllegalStateException(
              t.getName() + " still running " + timeout + " after stopping");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the load", e);
    }
  }

  @Override
  public @Nullable Throwable failure() {
    return failure.get();
  }
}
