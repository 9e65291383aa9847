package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs one closed loop through a warm-up and then a number of measurement windows, and summarises
 * it: the protocol of BENCHMARKS.md (warm up first, measure in windows, check the last three).
 */
final class Measurement {
  /** How long stopping may wait for the requests in flight. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** How often a pause looks for a failed loop, so a broken mode fails fast. */
  private static final long CHECK_NANOS = 50_000_000L;

  private final Ticker ticker;
  private final Duration warmup;
  private final Duration window;
  private final int windows;

  Measurement(Ticker ticker, Duration warmup, Duration window, int windows) {
    this.ticker = requireNonNull(ticker, "ticker");
    this.warmup = requireNonNull(warmup, "warmup");
    this.window = requireNonNull(window, "window");
    if (windows < 1) {
      throw new IllegalArgumentException("windows: " + windows + " (expected: > 0)");
    }
    this.windows = windows;
  }

  /**
   * Runs {@code loop} under the name {@code label} and returns what it measured; a failed request
   * ends the run early.
   */
  RunResult run(String label, int concurrency, ClosedLoop loop) {
    LatencyRecorder recorder = new LatencyRecorder();
    loop.start(recorder);
    List<WindowResult> results = new ArrayList<>(windows);
    List<long[]> samples = new ArrayList<>(windows);
    try {
      pause(warmup, loop);
      recorder.cut(); // warm-up latencies are discarded
      long windowStart = ticker.nanos();
      for (int i = 0; i < windows && loop.failure() == null; i++) {
        pause(window, loop);
        long[] latencies = recorder.cut();
        long now = ticker.nanos();
        results.add(WindowResult.of(now - windowStart, latencies));
        samples.add(latencies);
        windowStart = now;
      }
    } finally {
      loop.stop(STOP_TIMEOUT);
    }
    Throwable failure = loop.failure();
    if (failure != null) {
      return RunResult.failed(label, concurrency, describe(failure));
    }
    return summarise(label, concurrency, results, samples);
  }

  private static RunResult summarise(
      String label, int concurrency, List<WindowResult> results, List<long[]> samples) {
    int total = samples.stream().mapToInt(s -> s.length).sum();
    long[] all = new long[total];
    int at = 0;
    for (long[] s : samples) {
      System.arraycopy(s, 0, all, at, s.length);
      at += s.length;
    }
    double seconds = results.stream().mapToDouble(WindowResult::seconds).sum();
    return new RunResult(
        label,
        concurrency,
        seconds > 0 ? total / seconds : 0,
        LatencyStats.of(all),
        Stability.of(results),
        results,
        null);
  }

  /** Waits for {@code length} on the ticker, or until the loop fails. */
  private void pause(Duration length, ClosedLoop loop) {
    long end = ticker.nanos() + length.toNanos();
    long left;
    while ((left = end - ticker.nanos()) > 0 && loop.failure() == null) {
      LockSupport.parkNanos(Math.min(left, CHECK_NANOS));
    }
  }

  /** Returns a one-line description of a failure: its type and message, never a stack trace. */
  static String describe(@Nullable Throwable failure) {
    if (failure == null) {
      return "unknown failure";
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
