package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@code concurrency} requests in flight through an {@link AsyncTarget} without threads of
 * its own: each completion callback sends the next request, on whatever thread completed it (a
 * client's event loop, say). This keeps the load generator light, as BENCHMARKS.md asks on shared
 * cores.
 */
final class AsyncClosedLoop implements ClosedLoop {
  private final AsyncTarget target;
  private final int concurrency;
  private final Ticker ticker;
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private final CountDownLatch finished;
  private volatile boolean running;
  private @Nullable LatencyRecorder recorder;

  AsyncClosedLoop(AsyncTarget target, int concurrency, Ticker ticker) {
    this.target = requireNonNull(target, "target");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: > 0)");
    }
    this.concurrency = concurrency;
    this.ticker = requireNonNull(ticker, "ticker");
    this.finished = new CountDownLatch(concurrency);
  }

  @Override
  public void start(LatencyRecorder recorder) {
    this.recorder = requireNonNull(recorder, "recorder");
    running = true;
    for (int i = 0; i < concurrency; i++) {
      sendFrom(recorder);
    }
  }

  /**
   * Runs one slot of the loop. A future that is already complete when returned is handled here in a
   * loop rather than in a callback, so the stack cannot grow with each request.
   */
  private void sendFrom(LatencyRecorder sink) {
    while (running) {
      long start = ticker.nanos();
      CompletableFuture<?> future;
      try {
        future = target.send();
      } catch (RuntimeException e) {
        fail(e);
        break;
      }
      if (!future.isDone()) {
        CompletableFuture<?> unused =
            future.whenComplete(
                (ignored, error) -> {
                  complete(sink, start, error);
                  sendFrom(sink);
                });
        return;
      }
      complete(sink, start, errorOf(future));
    }
    finished.countDown();
  }

  private void complete(LatencyRecorder sink, long start, @Nullable Throwable error) {
    long latency = ticker.nanos() - start;
    if (error == null) {
      sink.record(latency);
    } else {
      fail(
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error);
    }
  }

  private void fail(Throwable error) {
    failure.compareAndSet(null, error);
    running = false;
  }

  private static @Nullable Throwable errorOf(CompletableFuture<?> done) {
    try {
      done.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Stops sending new requests; those in flight finish on their own. */
  void halt() {
    running = false;
  }

  @Override
  public void stop(Duration timeout) {
    halt();
    if (recorder == null) {
      return;
    }
    try {
      if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(
            finished.getCount() + " requests still in flight " + timeout + " after stopping");
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
