package io.medulla.scheduling;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where admitted jobs wait: one {@link PriorityClass} per level, and a heap of pending timeouts.
 * Every operation is O(log n) in the number of waiting jobs (plus the number of a lane's
 * signatures, usually one). Guarded by the scheduler's lock.
 *
 * <p>{@link #take} and {@link #putBack} move a job out of and into its heap while a batch is being
 * formed, without changing any count; {@link #settle} records that a taken job has left for good.
 */
final class JobQueues {
  final PriorityClass[] classes;
  final boolean fifo;
  private final IndexedHeap<Job> timeouts = new IndexedHeap<>(Job.BY_DEADLINE, Job.TIMEOUT_SLOT);
  private long laneSeq;

  /** A heap to form a batch from: a lane's signature heap, arrivals (FIFO) or delayed work. */
  record Source(PriorityClass priorityClass, IndexedHeap<Job> heap, @Nullable TenantLane lane) {}

  JobQueues(BatchPolicy policy) {
    this.fifo = policy.isFifo();
    int n = Math.max(1, policy.priorityLevels());
    this.classes = new PriorityClass[n];
    for (int i = 0; i < n; i++) {
      int level = fifo ? 0 : i + 1;
      classes[i] = new PriorityClass(i, level, policy.levelPolicy(fifo ? 1 : level));
    }
  }

  /** Returns the class of {@code level}; level 0 is the only class in FIFO mode. */
  PriorityClass classOf(int level) {
    return classes[fifo ? 0 : level - 1];
  }

  /** Returns the lane of {@code tenant} at {@code pc}, creating it; null in FIFO mode. */
  @Nullable TenantLane laneOf(PriorityClass pc, TenantLoad tenant) {
    if (fifo) {
      return null;
    }
    return pc.lanes.computeIfAbsent(tenant.id, t -> new TenantLane(tenant, laneSeq++));
  }

  /** Adds a newly admitted job and counts it. */
  void enqueue(Job job) {
    PriorityClass pc = job.priorityClass;
    pc.queued++;
    pc.queuedSamples += job.samples;
    TenantLoad t = job.tenant;
    t.queued[pc.index]++;
    t.totalQueued++;
    t.seen[pc.index] = true;
    if (job.timeoutNanos != Job.NO_TIMEOUT) {
      timeouts.add(job);
    }
    place(job, true);
  }

  /**
   * Puts a job into the heap its state calls for. A lane that becomes backlogged through a new
   * arrival ({@code lift}) starts no lower than the least-served waiting lane: idle time earns no
   * credit (as in VTC). A job put back after an abandoned batch does not lift its lane.
   */
  private void place(Job job, boolean lift) {
    PriorityClass pc = job.priorityClass;
    IndexedHeap<Job> heap;
    if (job.state == Job.State.DELAYED) {
      heap = pc.delayed;
    } else if (job.lane == null) {
      heap = pc.arrivals;
    } else {
      TenantLane lane = job.lane;
      heap = lane.bucket(job.signature);
      lane.jobs++;
      if (!pc.backlogged.contains(lane)) {
        if (lift) {
          TenantLane least = pc.backlogged.peek();
          double floor = least != null ? least.service : pc.virtualTime;
          lane.service = Math.max(lane.service, floor);
        }
        pc.backlogged.add(lane);
      }
    }
    job.home = heap;
    heap.add(job);
  }

  /** Takes {@code job} out of its heap (it must be in one) without changing any count. */
  void take(Job job) {
    IndexedHeap<Job> heap = job.home;
    if (heap == null || !heap.remove(job)) {
      throw new IllegalStateException("job " + job.seq + " is not waiting");
    }
    TenantLane lane = job.lane;
    if (job.state == Job.State.QUEUED && lane != null) {
      lane.jobs--;
      if (heap.isEmpty()) {
        lane.buckets.remove(job.signature);
      }
      if (lane.jobs == 0) {
        job.priorityClass.backlogged.remove(lane);
      }
    }
  }

  /** Returns a job taken while forming a batch that was not sent. */
  void putBack(Job job) {
    place(job, false);
  }

  /** Records that a taken job has left the queues for good (dispatched or answered). */
  void settle(Job job) {
    PriorityClass pc = job.priorityClass;
    pc.queued--;
    pc.queuedSamples -= job.samples;
    job.tenant.queued[pc.index]--;
    job.tenant.totalQueued--;
    timeouts.remove(job);
    job.home = null;
  }

  /** Withdraws a waiting job (its caller cancelled); returns whether it was waiting. */
  boolean withdraw(Job job) {
    if (job.state != Job.State.QUEUED && job.state != Job.State.DELAYED) {
      return false;
    }
    take(job);
    settle(job);
    return true;
  }

  /**
   * Handles every timeout due at {@code nowNanos}: a job under REJECT leaves and is added to {@code
   * expired}; a job under DELAY moves behind all other work of its level.
   */
  void expireDue(long nowNanos, List<Job> expired) {
    while (true) {
      Job j = timeouts.peek();
      if (j == null || j.timeoutNanos - nowNanos > 0) {
        return;
      }
      if (j.delayOnTimeout) {
        timeouts.poll();
        take(j);
        j.state = Job.State.DELAYED;
        place(j, false);
      } else {
        take(j);
        settle(j);
        j.rejection = RejectReason.DEADLINE_EXPIRED;
        expired.add(j);
      }
    }
  }

  /** Returns the earliest pending timeout, or {@link Job#NO_TIMEOUT}. */
  long nextTimeoutNanos() {
    Job j = timeouts.peek();
    return j == null ? Job.NO_TIMEOUT : j.timeoutNanos;
  }

  /**
   * Returns where the next batch comes from: the highest level with work; within it the lane with
   * the least service, and that lane's earliest deadline (FIFO mode: the oldest request); delayed
   * work of a level after all other work of that level. Null when nothing waits.
   */
  @Nullable Source top() {
    for (PriorityClass pc : classes) {
      TenantLane lane = pc.backlogged.peek();
      if (lane != null) {
        Job head = lane.head();
        if (head == null || head.home == null) {
          throw new IllegalStateException("backlogged lane without jobs");
        }
        return new Source(pc, head.home, lane);
      }
      if (!pc.arrivals.isEmpty()) {
        return new Source(pc, pc.arrivals, null);
      }
      if (!pc.delayed.isEmpty()) {
        return new Source(pc, pc.delayed, null);
      }
    }
    return null;
  }

  /** Returns the samples waiting at {@code pc}'s level and every higher one. */
  long samplesAtOrAbove(PriorityClass pc) {
    long n = 0;
    for (int i = 0; i <= pc.index; i++) {
      n += classes[i].queuedSamples;
    }
    return n;
  }
}
