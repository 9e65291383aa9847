package io.medulla.bench;

import java.util.Arrays;

/**
 * Collects per-request latencies into the current measurement window; {@link #cut()} closes the
 * window and opens the next. Thread-safe: many load threads record while one thread cuts.
 *
 * <p>Every latency is kept (a sorted {@code long[]} gives exact percentiles); a window of a few
 * seconds at tens of thousands of requests per second is a few megabytes.
 */
final class LatencyRecorder {
  private volatile Window current = new Window();

  /** Records one latency in nanoseconds into the open window. */
  void record(long nanos) {
    // A recorder that read the window just before a cut retries on the new one.
    while (!current.add(nanos)) {
      Thread.onSpinWait();
    }
  }

  /** Closes the open window, opens a new one, and returns the closed window's latencies. */
  long[] cut() {
    Window closed = current;
    current = new Window();
    return closed.seal();
  }

  /** One window's latencies; closed once, after which it refuses more. */
  private static final class Window {
    private long[] values = new long[4096];
    private int size;
    private boolean sealed;

    synchronized boolean add(long nanos) {
      if (sealed) {
        return false;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
      return true;
    }

    synchronized long[] seal() {
      sealed = true;
      return Arrays.copyOf(values, size);
    }
  }
}
