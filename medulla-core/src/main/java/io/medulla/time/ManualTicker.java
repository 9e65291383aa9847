package io.medulla.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when told to; for tests and simulations. Thread-safe. */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long nanos() {
    return nanos.get();
  }

  /** Moves the ticker forward by {@code d}. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("d: " + d + " (expected: >= 0)");
    }
    nanos.addAndGet(d.toNanos());
  }
}
