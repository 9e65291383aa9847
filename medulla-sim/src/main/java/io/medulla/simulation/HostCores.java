package io.medulla.simulation;

import io.medulla.time.Cancellable;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A host's cores on the virtual clock, time-shared as an operating system shares them (processor
 * sharing): every job runs from the moment it is submitted; while {@code n} jobs run on {@code c}
 * cores, each advances at {@code min(1, c / n)} of a core, so a job that needs {@code w} of CPU
 * takes {@code w} alone and longer beside others. An execution that competes with request stages
 * for two cores is slowed by them, as the server's execution thread is by its event loops, instead
 * of holding a core while they queue.
 *
 * <p>Every running job has received the same service since it started, so one number, the service
 * every job has received since the pool began ({@code attained}), and each job's finishing tag
 * ({@code attained} at its start plus its work) tell which job finishes next and when. Confined to
 * the run's thread.
 */
final class HostCores {
  /** Work that needs CPU. */
  interface Job {
    /** Called when the job is submitted; returns the CPU it needs (nanoseconds, &ge; 0). */
    long start();

    /** Called when it has received that much. */
    void finish();
  }

  /** A running job; {@code order} breaks ties between equal tags by submission. */
  private record Running(Job job, double finishTag, long order) {}

  // Half a nanosecond of service: a tag reached within rounding of the clock's whole nanoseconds.
  private static final double DONE = 0.5;

  private final VirtualClock clock;
  private final int cores;
  private final PriorityQueue<Running> running =
      new PriorityQueue<>(
          Comparator.comparingDouble(Running::finishTag).thenComparingLong(Running::order));
  private double attained;
  private long lastNanos;
  private long submitted;
  private @Nullable Cancellable next;

  HostCores(VirtualClock clock, int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores: " + cores + " (expected: >= 1)");
    }
    this.clock = clock;
    this.cores = cores;
    this.lastNanos = clock.nanos();
  }

  /** Starts {@code job} at once, sharing the cores with every job still running. */
  void submit(Job job) {
    advance();
    long work = Math.max(0, job.start());
    running.add(new Running(job, attained + work, submitted++));
    reschedule();
  }

  /** Returns the jobs running now. */
  int running() {
    return running.size();
  }

  /** Each running job's share of a core. */
  private double rate() {
    int n = running.size();
    return n <= cores ? 1 : (double) cores / n;
  }

  private void advance() {
    long now = clock.nanos();
    if (!running.isEmpty()) {
      attained += (now - lastNanos) * rate();
    }
    lastNanos = now;
  }

  private void reschedule() {
    Cancellable pending = next;
    if (pending != null) {
      pending.cancel();
    }
    Running head = running.peek();
    if (head == null) {
      next = null;
      return;
    }
    double remaining = Math.max(0, head.finishTag() - attained);
    long delay = (long) Math.ceil(remaining / rate());
    next = clock.schedule(Duration.ofNanos(delay), this::complete);
  }

  private void complete() {
    next = null;
    advance();
    List<Job> done = new ArrayList<>();
    Running head = running.peek();
    while (head != null && head.finishTag() <= attained + DONE) {
      done.add(running.poll().job());
      head = running.peek();
    }
    reschedule();
    for (Job job : done) {
      job.finish();
    }
  }
}
