package io.medulla.simulation;

import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A pool of host cores on the virtual clock, granted first come, first served: a job waits until a
 * core is free, holds it for the time it asks for when it starts, and then finishes. Confined to
 * the run's thread.
 */
final class HostCores {
  /** Work that needs a core. */
  interface Job {
    /** Called when the job gets its core; returns how long it holds it (nanoseconds, &ge; 0). */
    long start();

    /** Called when the job gives its core back. */
    void finish();
  }

  private final VirtualClock clock;
  private final int cores;
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private int busy;

  HostCores(VirtualClock clock, int cores) {
    this.clock = clock;
    this.cores = cores;
  }

  /** Starts {@code job} on a free core, or queues it behind the jobs already waiting. */
  void submit(Job job) {
    if (busy < cores) {
      start(job);
    } else {
      waiting.add(job);
    }
  }

  private void start(Job job) {
    busy++;
    long nanos = Math.max(0, job.start());
    clock.schedule(Duration.ofNanos(nanos), () -> release(job));
  }

  private void release(Job job) {
    busy--;
    // The longest waiter gets the core before the finished job's follow-up work can ask for it.
    Job next = waiting.poll();
    if (next != null) {
      start(next);
    }
    job.finish();
  }
}
