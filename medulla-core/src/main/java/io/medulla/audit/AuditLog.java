package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import io.medulla.time.Cancellable;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import io.medulla.time.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's audit writer with group commit: {@link #append} queues an event and returns a future
 * that completes only when its record is durable. Whatever is queued when the writer comes round is
 * written as one group, in one store transaction (and so one fsync), with a signed checkpoint every
 * {@code checkpointEvery} records or {@code checkpointInterval}, whichever comes first.
 *
 * <p><b>Threads.</b> All writing happens in tasks run on the {@code writer} executor handed in; the
 * log makes sure at most one runs at a time, so any executor will do, and the log starts no thread
 * of its own. Futures complete on the {@code completions} executor (by default, the writer's
 * thread: then dependents must be quick). The optional probe timer only enqueues work.
 *
 * <p><b>Failure.</b> When a group cannot be written, its futures fail with {@link
 * AuditUnavailableException} (503, Retry-After) and {@link #healthy()} turns false, for readiness.
 * The next append or probe tries again, after reading the chain's head back from the store, and the
 * first success turns it healthy again. In the explicitly configured fail-open mode, futures
 * complete anyway (loudly logged) and the records are kept, up to a bound, to write once the store
 * returns.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private record Pending(AuditEvent event, Instant time, CompletableFuture<Void> future) {}

  private final AuditStore store;
  private final Executor writer;
  private final Executor completions;
  private final String nodeId;
  private final WallClock clock;
  private final Ticker ticker;
  private final @Nullable CheckpointSigner signer;
  private final int checkpointEvery;
  private final long checkpointIntervalNanos;
  private final boolean failOpen;
  private final Duration retryAfter;
  private final int maxGroupSize;
  private final int maxBacklog;
  private final @Nullable Timer probeTimer;
  private final Duration probeInterval;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Object probeLock = new Object();
  private @Nullable CompletableFuture<Boolean> pendingProbe;
  private @Nullable Cancellable probeTask;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicLong groupsWritten = new AtomicLong();
  private volatile boolean healthy = true;
  private volatile boolean closed;
  private volatile ChainHead durableHead;

  // Confined to the writer: one drain task runs at a time, and `scheduled` orders them.
  private final AuditChain chain;
  private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
  private boolean resync = true;
  private long lastCheckpointSequence;
  private long lastCheckpointNanos;
  private long dropped;

  private AuditLog(Builder b) {
    this.store = b.store;
    this.writer = b.writer;
    this.completions = b.completions;
    this.nodeId = b.nodeId;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.signer = b.signer;
    this.checkpointEvery = b.checkpointEvery;
    this.checkpointIntervalNanos = b.checkpointInterval.toNanos();
    this.failOpen = b.failOpen;
    this.retryAfter = b.retryAfter;
    this.maxGroupSize = b.maxGroupSize;
    this.maxBacklog = b.maxBacklog;
    this.probeTimer = b.probeTimer;
    this.probeInterval = b.probeInterval;
    this.chain = new AuditChain(ChainHead.genesis(nodeId));
    this.durableHead = chain.head();
    this.lastCheckpointNanos = ticker.nanos();
    if (failOpen) {
      LOG.error(
          "AUDIT FAIL-OPEN is configured for node {}: if the audit store cannot be written,"
              + " responses will be released WITHOUT a durable audit record",
          nodeId);
    }
  }

  /**
   * Returns a builder for node {@code nodeId}'s log over {@code store}, writing on {@code writer}.
   */
  public static Builder builder(AuditStore store, Executor writer, String nodeId) {
    return new Builder(store, writer, nodeId);
  }

  /**
   * Queues {@code event} and returns a future that completes when its record is durable, or fails
   * with {@link AuditUnavailableException} when it cannot be written (in fail-open mode it
   * completes anyway). Never blocks; never throws for a store failure.
   */
  public CompletableFuture<Void> append(AuditEvent event) {
    requireNonNull(event, "event");
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new AuditUnavailableException(retryAfter, null));
      return f;
    }
    queue.add(new Pending(event, clock.now(), f));
    kick();
    return f;
  }

  /**
   * Returns whether the last attempt to write (or probe) the store succeeded: what the server's
   * readiness reads.
   */
  public boolean healthy() {
    return healthy;
  }

  /** Returns whether responses are released even when their records cannot be written. */
  public boolean failOpen() {
    return failOpen;
  }

  /** Returns how long callers refused for an audit failure are told to wait. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Returns the node whose chain this log writes. */
  public String nodeId() {
    return nodeId;
  }

  /** Returns the head of the chain as last made durable. */
  public ChainHead durableHead() {
    return durableHead;
  }

  /** Returns how many groups (store transactions) have been written. */
  public long groupsWritten() {
    return groupsWritten.get();
  }

  /**
   * Asks the writer to check the store (and to write a checkpoint that is due by time); the future
   * tells whether the store answered. Calls while a probe is pending share it.
   */
  public CompletableFuture<Boolean> probe() {
    CompletableFuture<Boolean> f;
    synchronized (probeLock) {
      f = pendingProbe;
      if (f == null) {
        f = new CompletableFuture<>();
        pendingProbe = f;
      } else {
        return f;
      }
    }
    kick();
    return f;
  }

  /**
   * Starts probing every {@code probeInterval} on the timer given to the builder (nothing without
   * one), so that an idle node notices an outage, recovers from one and signs its latest records.
   */
  public void startProbing() {
    Timer timer = probeTimer;
    if (timer == null || closed) {
      return;
    }
    Cancellable task = timer.schedule(probeInterval, this::probeTick);
    synchronized (probeLock) {
      probeTask = task;
    }
    if (closed) {
      task.cancel();
    }
  }

  private void probeTick() {
    if (closed) {
      return;
    }
    probe();
    startProbing();
  }

  /**
   * Stops accepting events, writes what is queued and a final checkpoint, and returns a future that
   * completes when that is done (exceptionally if the store failed). Idempotent.
   */
  public CompletableFuture<Void> shutdown() {
    closed = true;
    Cancellable task;
    synchronized (probeLock) {
      task = probeTask;
    }
    if (task != null) {
      task.cancel();
    }
    kick();
    return terminated;
  }

  private void kick() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        writer.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        failQueued(e);
      }
    }
  }

  private void failQueued(Throwable cause) {
    for (Pending p; (p = queue.poll()) != null; ) {
      complete(p.future(), new AuditUnavailableException(retryAfter, cause));
    }
    CompletableFuture<Boolean> probe = takeProbe();
    if (probe != null) {
      probe.complete(false);
    }
  }

  private void drain() {
    try {
      while (true) {
        List<Pending> group = pollGroup();
        CompletableFuture<Boolean> probe = takeProbe();
        if (terminated.isDone()) {
          for (Pending p : group) {
            complete(p.future(), new AuditUnavailableException(retryAfter, null));
          }
          if (probe != null) {
            probe.complete(healthy);
          }
          return;
        }
        boolean last = closed && queue.isEmpty();
        if (group.isEmpty() && probe == null && !last) {
          return;
        }
        write(group, probe, last);
      }
    } finally {
      scheduled.set(false);
      if (!queue.isEmpty() || hasProbe() || (closed && !terminated.isDone())) {
        kick();
      }
    }
  }

  private List<Pending> pollGroup() {
    List<Pending> group = new ArrayList<>();
    for (Pending p; group.size() < maxGroupSize && (p = queue.poll()) != null; ) {
      group.add(p);
    }
    return group;
  }

  private @Nullable CompletableFuture<Boolean> takeProbe() {
    synchronized (probeLock) {
      CompletableFuture<Boolean> p = pendingProbe;
      pendingProbe = null;
      return p;
    }
  }

  private boolean hasProbe() {
    synchronized (probeLock) {
      return pendingProbe != null;
    }
  }

  private void write(
      List<Pending> group, @Nullable CompletableFuture<Boolean> probe, boolean last) {
    List<Pending> batch = group;
    if (!backlog.isEmpty()) {
      batch = new ArrayList<>(backlog);
      batch.addAll(group);
    }
    try {
      if (resync) {
        chain.reset(store.head(nodeId).orElse(ChainHead.genesis(nodeId)));
        lastCheckpointSequence =
            store.latestCheckpoint(nodeId).map(Checkpoint::sequence).orElse(0L);
        resync = false;
      }
      List<AuditRecord> records = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        records.add(chain.append(p.event(), p.time()));
      }
      Checkpoint checkpoint = checkpointIfDue(last);
      if (!records.isEmpty() || checkpoint != null) {
        store.append(records, checkpoint);
        groupsWritten.incrementAndGet();
      } else if (probe != null) {
        store.check();
      }
      if (checkpoint != null) {
        lastCheckpointSequence = checkpoint.sequence();
        lastCheckpointNanos = ticker.nanos();
      }
      durableHead = chain.head();
      backlog.clear();
      if (!healthy) {
        LOG.warn("audit store for node {} is writable again", nodeId);
      }
      healthy = true;
      for (Pending p : group) {
        complete(p.future(), null);
      }
      if (probe != null) {
        probe.complete(true);
      }
      if (last) {
        terminated.complete(null);
      }
    } catch (RuntimeException e) {
      fail(group, batch, probe, last, e);
    }
  }

  private @Nullable Checkpoint checkpointIfDue(boolean last) {
    CheckpointSigner s = signer;
    long head = chain.head().sequence();
    if (s == null || head <= lastCheckpointSequence) {
      return null;
    }
    boolean due =
        last
            || head - lastCheckpointSequence >= checkpointEvery
            || ticker.nanos() - lastCheckpointNanos >= checkpointIntervalNanos;
    return due ? s.sign(chain.head(), clock.now()) : null;
  }

  private void fail(
      List<Pending> group,
      List<Pending> batch,
      @Nullable CompletableFuture<Boolean> probe,
      boolean last,
      RuntimeException e) {
    // What the store holds is unknown now (a commit may have landed): read it back first next time.
    resync = true;
    if (healthy) {
      LOG.error("audit store for node {} cannot be written: {}", nodeId, describe(e));
    }
    healthy = false;
    if (failOpen) {
      backlog.clear();
      backlog.addAll(batch);
      while (backlog.size() > maxBacklog) {
        backlog.removeFirst();
        dropped++;
      }
      if (!group.isEmpty()) {
        LOG.error(
            "AUDIT FAIL-OPEN: releasing {} responses without durable audit records"
                + " ({} records waiting for the store, {} dropped so far)",
            group.size(),
            backlog.size(),
            dropped);
      }
      for (Pending p : group) {
        complete(p.future(), null);
      }
    } else {
      for (Pending p : group) {
        complete(p.future(), new AuditUnavailableException(retryAfter, e));
      }
    }
    if (probe != null) {
      probe.complete(false);
    }
    if (last) {
      terminated.completeExceptionally(e);
    }
  }

  private void complete(CompletableFuture<Void> f, @Nullable Throwable error) {
    Runnable r = error == null ? () -> f.complete(null) : () -> f.completeExceptionally(error);
    try {
      completions.execute(r);
    } catch (RejectedExecutionException e) {
      r.run();
    }
  }

  private static String describe(Throwable e) {
    Throwable cause = e.getCause();
    return e.getMessage() + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
  }

  /** Builds an {@link AuditLog}; every setter documents its default. */
  public static final class Builder {
    private final AuditStore store;
    private final Executor writer;
    private final String nodeId;
    private Executor completions = Runnable::run;
    private WallClock clock = WallClock.system();
    private Ticker ticker = Ticker.system();
    private @Nullable CheckpointSigner signer;
    private int checkpointEvery = 1000;
    private Duration checkpointInterval = Duration.ofSeconds(60);
    private boolean failOpen;
    private Duration retryAfter = Duration.ofSeconds(5);
    private int maxGroupSize = 1000;
    private int maxBacklog = 100_000;
    private @Nullable Timer probeTimer;
    private Duration probeInterval = Duration.ofSeconds(5);

    private Builder(AuditStore store, Executor writer, String nodeId) {
      this.store = requireNonNull(store, "store");
      this.writer = requireNonNull(writer, "writer");
      AuditRecord.checkNodeId(nodeId);
      this.nodeId = nodeId;
    }

    /** Sets where futures complete; default: on the writer's thread. */
    public Builder completions(Executor executor) {
      completions = requireNonNull(executor, "executor");
      return this;
    }

    /** Sets the clock that stamps records and checkpoints; default the system's UTC clock. */
    public Builder clock(WallClock wallClock) {
      clock = requireNonNull(wallClock, "wallClock");
      return this;
    }

    /** Sets the ticker that times checkpoints; default the system's. */
    public Builder ticker(Ticker value) {
      ticker = requireNonNull(value, "ticker");
      return this;
    }

    /** Sets the checkpoint signer; default none (no checkpoints: truncation goes unnoticed). */
    public Builder signer(CheckpointSigner value) {
      signer = requireNonNull(value, "signer");
      return this;
    }

    /** Sets how many records a checkpoint covers at most; default 1000. */
    public Builder checkpointEvery(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("checkpointEvery: " + records + " (expected: >= 1)");
      }
      checkpointEvery = records;
      return this;
    }

    /** Sets how old the newest unsigned record may get; default 60 seconds. */
    public Builder checkpointInterval(Duration interval) {
      checkpointInterval = positive(interval, "checkpointInterval");
      return this;
    }

    /**
     * Sets whether to release responses when their records cannot be written; default false (fail
     * closed). Logged loudly at start and on every failure.
     */
    public Builder failOpen(boolean value) {
      failOpen = value;
      return this;
    }

    /** Sets the Retry-After of refusals for an audit failure; default 5 seconds. */
    public Builder retryAfter(Duration value) {
      retryAfter = positive(value, "retryAfter");
      return this;
    }

    /** Sets the most records in one group; default 1000. */
    public Builder maxGroupSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxGroupSize: " + value + " (expected: >= 1)");
      }
      maxGroupSize = value;
      return this;
    }

    /** Sets how many unwritten records fail-open mode keeps for later; default 100,000. */
    public Builder maxBacklog(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("maxBacklog: " + value + " (expected: >= 0)");
      }
      maxBacklog = value;
      return this;
    }

    /**
     * Sets the timer and interval of {@link #startProbing()}; default none (probes only when
     * asked).
     */
    public Builder probeEvery(Timer timer, Duration interval) {
      probeTimer = requireNonNull(timer, "timer");
      probeInterval = positive(interval, "interval");
      return this;
    }

    /** Returns the log. */
    public AuditLog build() {
      return new AuditLog(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
      }
      return d;
    }
  }
}
