package io.medulla.prewarm;

import io.medulla.time.Ticker;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pre-warm loads one at a time, scheduled ones before predicted ones: pre-warm is background
 * work and must not crowd out the loads requests wait for, and a schedule's lead time assumes its
 * models load one after another.
 *
 * <p>Thread-safe: jobs may be submitted from any thread; a job runs on the submitting thread or on
 * the thread that completed the previous load.
 */
final class LoadQueue {
  private static final Logger logger = LoggerFactory.getLogger(LoadQueue.class);

  private final PrewarmTarget target;
  private final PrewarmListener listener;
  private final Ticker ticker;
  private final Deque<PrewarmJob> scheduled = new ArrayDeque<>();
  private final Deque<PrewarmJob> predicted = new ArrayDeque<>();
  private boolean running;
  private boolean closed;

  LoadQueue(PrewarmTarget target, PrewarmListener listener, Ticker ticker) {
    this.target = target;
    this.listener = listener;
    this.ticker = ticker;
  }

  void submit(PrewarmJob job) {
    synchronized (this) {
      if (closed) {
        return;
      }
      (job.kind() == PrewarmKind.SCHEDULE ? scheduled : predicted).add(job);
    }
    drain();
  }

  /** Drops waiting jobs and starts no more; a load in flight finishes on its own. */
  void close() {
    synchronized (this) {
      closed = true;
      scheduled.clear();
      predicted.clear();
    }
  }

  private void drain() {
    while (true) {
      PrewarmJob job;
      synchronized (this) {
        if (running || closed) {
          return;
        }
        @Nullable PrewarmJob next = scheduled.isEmpty() ? predicted.poll() : scheduled.poll();
        if (next == null) {
          return;
        }
        job = next;
        running = true;
      }
      CompletableFuture<?> done = run(job);
      if (!done.isDone()) {
        done.whenComplete(
            (ignored, error) -> {
              synchronized (this) {
                running = false;
              }
              drain();
            });
        return;
      }
      synchronized (this) {
        running = false;
      }
    }
  }

  /** Runs one job; the future completes (never exceptionally) when the job is over. */
  private CompletableFuture<?> run(PrewarmJob job) {
    String model = job.model();
    try {
      if (!job.stillWanted().getAsBoolean()) {
        return CompletableFuture.completedFuture(null);
      }
      listener.prewarmStarted(model, job.kind(), job.why());
    } catch (RuntimeException e) {
      logger.warn("pre-warm of '{}' skipped: {}", model, String.valueOf(e.getMessage()));
      return CompletableFuture.completedFuture(null);
    }
    long start = ticker.nanos();
    CompletableFuture<Void> load;
    try {
      load = target.load(model, job.kind());
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    return load.handle(
        (ignored, error) -> {
          finished(job, error, ticker.nanos() - start);
          return null;
        });
  }

  private void finished(PrewarmJob job, @Nullable Throwable error, long nanos) {
    String model = job.model();
    String kind = job.kind().name().toLowerCase(Locale.ROOT);
    try {
      if (error == null) {
        job.onReady().run();
        String detail = "loaded in " + seconds(nanos);
        logger.info("{} pre-warm of '{}': {}", kind, model, detail);
        listener.prewarmFinished(model, job.kind(), true, detail);
      } else {
        @Nullable Throwable wrapped =
            error instanceof CompletionException ? error.getCause() : null;
        Throwable cause = wrapped != null ? wrapped : error;
        String detail = "failed: " + describe(cause);
        logger.warn("{} pre-warm of '{}' {}", kind, model, detail);
        listener.prewarmFinished(model, job.kind(), false, detail);
      }
    } catch (RuntimeException e) {
      logger.warn("{} pre-warm of '{}': {}", kind, model, String.valueOf(e.getMessage()));
    }
  }

  private static String describe(Throwable t) {
    @Nullable String message = t.getMessage();
    return message != null ? message : t.getClass().getSimpleName();
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
