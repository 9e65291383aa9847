package io.medulla.prewarm;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One model's request counts: for each hour of the week, a ring of the last few weeks' counts. Each
 * slot packs the week it counts (high 32 bits) with the count (low 32 bits), so that moving a slot
 * on to a new week and counting in it is one compare-and-set, and no count is lost to a race.
 *
 * <p>Thread-safe and lock-free.
 */
final class ModelUsage {
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final int ring;
  private final AtomicLongArray slots;

  /** The first local hour (week × 168 + hour of week) in which the model was seen. */
  private final AtomicLong firstHour = new AtomicLong(Long.MAX_VALUE);

  ModelUsage(int ring) {
    this.ring = ring;
    this.slots = new AtomicLongArray(UsageHistory.HOURS_PER_WEEK * ring);
  }

  void seen(long hour) {
    if (hour < firstHour.get()) {
      firstHour.accumulateAndGet(hour, Math::min);
    }
  }

  long firstHour() {
    return firstHour.get();
  }

  /** Adds {@code n} to the count of {@code hourOfWeek} in {@code week}. */
  void add(int week, int hourOfWeek, long n) {
    int i = index(week, hourOfWeek);
    while (true) {
      long v = slots.get(i);
      int held = week(v);
      long next;
      if (held == week) {
        next = pack(week, Math.min(COUNT_MASK, count(v) + n));
      } else if (held < week) {
        next = pack(week, Math.min(COUNT_MASK, n));
      } else {
        return; // the slot has moved on: this week is older than the ring keeps
      }
      if (next == v || slots.compareAndSet(i, v, next)) {
        return;
      }
    }
  }

  /** Returns the count of {@code hourOfWeek} in {@code week}; 0 if the ring no longer holds it. */
  long count(int week, int hourOfWeek) {
    long v = slots.get(index(week, hourOfWeek));
    return week(v) == week ? count(v) : 0;
  }

  /** Receives one held count. */
  @FunctionalInterface
  interface CountVisitor {
    void visit(int week, int hourOfWeek, long count);
  }

  /** Passes each held non-zero count to {@code visitor}, by hour of week. */
  void forEachCount(CountVisitor visitor) {
    for (int i = 0; i < slots.length(); i++) {
      long v = slots.get(i);
      if (count(v) > 0) {
        visitor.visit(week(v), i / ring, count(v));
      }
    }
  }

  private int index(int week, int hourOfWeek) {
    return hourOfWeek * ring + Math.floorMod(week, ring);
  }

  private static long pack(int week, long count) {
    return ((long) week << 32) | count;
  }

  private static int week(long v) {
    return (int) (v >> 32);
  }

  private static long count(long v) {
    return v & COUNT_MASK;
  }
}
