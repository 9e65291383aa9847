package io.medulla.autoscaling;

import io.medulla.inference.ModelId;
import io.medulla.scheduling.ClinicalPriority;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one slice of time saw: per class a histogram of queue delays (with the largest delay of each
 * bucket, so a p95 of equal delays is exact) and the misses, and per model the busy instance time.
 * Lock-free: observers add with atomics; a slot is replaced, never cleared, when its time comes
 * round again.
 */
final class WindowSlot {
  private static final int CLASSES = ClinicalPriority.COUNT;

  /** Which slice of time this is: the reading's offset from the policy's origin, in slots. */
  final long epoch;

  private final AtomicLongArray counts = new AtomicLongArray(CLASSES * DelayBuckets.COUNT);
  private final AtomicLongArray maxima = new AtomicLongArray(CLASSES * DelayBuckets.COUNT);
  private final AtomicLongArray misses = new AtomicLongArray(CLASSES);
  private final Map<ModelId, LongAdder> busy = new ConcurrentHashMap<>();

  WindowSlot(long epoch) {
    this.epoch = epoch;
  }

  void delay(ClinicalPriority priority, long queueNanos) {
    long nanos = Math.max(0, queueNanos);
    int i = priority.ordinal() * DelayBuckets.COUNT + DelayBuckets.index(nanos);
    counts.incrementAndGet(i);
    maxima.accumulateAndGet(i, nanos, Math::max);
  }

  void miss(ClinicalPriority priority) {
    misses.incrementAndGet(priority.ordinal());
  }

  /** Adds instance time, already divided by the model's instance count. */
  void busy(ModelId model, long nanosPerInstance) {
    busy.computeIfAbsent(model, m -> new LongAdder()).add(nanosPerInstance);
  }

  /** Adds what this slot saw to {@code totals}. */
  void addTo(WindowTotals totals) {
    for (int c = 0; c < CLASSES; c++) {
      for (int b = 0; b < DelayBuckets.COUNT; b++) {
        int i = c * DelayBuckets.COUNT + b;
        long n = counts.get(i);
        if (n > 0) {
          totals.counts[c][b] += n;
          totals.maxima[c][b] = Math.max(totals.maxima[c][b], maxima.get(i));
        }
      }
      totals.misses[c] += misses.get(c);
    }
    busy.forEach((model, nanos) -> totals.busy.merge(model, nanos.sum(), Long::sum));
  }
}
