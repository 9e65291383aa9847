package io.medulla.time;

/**
 * A monotonic nanosecond source. Every duration Medulla measures comes from a ticker handed in by
 * the composition root, so tests and the simulator can run on virtual time.
 */
@FunctionalInterface
public interface Ticker {
  /** Returns nanoseconds elapsed since an arbitrary fixed origin; only differences matter. */
  long nanos();

  /** Returns the ticker of the running system ({@link System#nanoTime()}). */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
