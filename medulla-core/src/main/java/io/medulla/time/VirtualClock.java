package io.medulla.time;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * A deterministic clock for tests and simulations: time moves only when {@link #advance} is called,
 * and scheduled tasks run inside that call, in order of due time (ties in order of scheduling),
 * each with the clock reading its due time.
 *
 * <p>Thread-safe, but deterministic only when one thread advances it. Tasks run without the clock's
 * lock held and may schedule further tasks; those due within the current advance run in it.
 */
public final class VirtualClock implements Ticker, Timer {
  private final Object lock = new Object();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long sequence;

  private static final class Task implements Comparable<Task>, Cancellable {
    final long dueNanos;
    final long seq;
    final Runnable body;
    volatile boolean cancelled;

    Task(long dueNanos, long seq, Runnable body) {
      this.dueNanos = dueNanos;
      this.seq = seq;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** Creates a clock that reads 0 and has nothing scheduled. */
  public VirtualClock() {}

  @Override
  public long nanos() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    requireNonNull(delay, "delay");
    requireNonNull(task, "task");
    long d = delay.isNegative() ? 0 : saturatedNanos(delay);
    synchronized (lock) {
      long due = now + d < now ? Long.MAX_VALUE : now + d;
      Task t = new Task(due, sequence++, task);
      tasks.add(t);
      return t;
    }
  }

  /** Moves the clock forward by {@code d}, running every task that falls due on the way. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("d: " + d + " (expected: >= 0)");
    }
    long target;
    synchronized (lock) {
      target = now + saturatedNanos(d);
    }
    advanceTo(target);
  }

  /** Moves the clock forward to the reading {@code targetNanos} (if later), running due tasks. */
  public void advanceTo(long targetNanos) {
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.peek();
        if (next == null || next.dueNanos > targetNanos) {
          now = Math.max(now, targetNanos);
          return;
        }
        tasks.poll();
        now = Math.max(now, next.dueNanos);
      }
      if (!next.cancelled) {
        next.body.run();
      }
    }
  }

  /**
   * Runs tasks in order, moving the clock to each, until none is left or the clock would pass
   * {@code limit} from now; returns whether the queue emptied.
   */
  public boolean runUntilIdle(Duration limit) {
    long end;
    synchronized (lock) {
      end = now + saturatedNanos(limit);
    }
    while (true) {
      OptionalLong due = nextDueNanos();
      if (due.isEmpty()) {
        return true;
      }
      if (due.getAsLong() > end) {
        return false;
      }
      advanceTo(due.getAsLong());
    }
  }

  /** Returns when the next task that is not cancelled falls due, or empty when none is pending. */
  public OptionalLong nextDueNanos() {
    synchronized (lock) {
      while (!tasks.isEmpty() && tasks.peek().cancelled) {
        tasks.poll();
      }
      return tasks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(tasks.peek().dueNanos);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }
}
