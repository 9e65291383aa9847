package io.medulla.server;

import io.medulla.audit.AuditQuery;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditStoreException;
import io.medulla.audit.ChainHead;
import io.medulla.audit.Checkpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An audit store for tests that can hold its writes until released, or fail every write and check
 * until told to recover. Reads always reach the real store.
 */
final class GatedAuditStore implements AuditStore {
  final AuditStore delegate;
  private volatile boolean failing;
  private volatile @Nullable CountDownLatch gate;
  private volatile CountDownLatch entered = new CountDownLatch(1);

  GatedAuditStore(AuditStore delegate) {
    this.delegate = delegate;
  }

  /** Makes every write and check fail ({@code true}) or reach the store again. */
  void failing(boolean value) {
    failing = value;
  }

  /** Holds writes from now on until {@link #release}. */
  void hold() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  /** Waits until a held write has arrived. */
  void awaitHeldWrite() throws InterruptedException {
    entered.await();
  }

  /** Lets the held writes, and every later one, through. */
  void release() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  @Override
  public void append(List<AuditRecord> records, @Nullable Checkpoint checkpoint) {
    CountDownLatch g = gate;
    if (g != null) {
      entered.countDown();
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditStoreException("interrupted", e);
      }
    }
    if (failing) {
      throw new AuditStoreException("store unreachable (test)");
    }
    delegate.append(records, checkpoint);
  }

  @Override
  public Optional<ChainHead> head(String nodeId) {
    return delegate.head(nodeId);
  }

  @Override
  public List<String> nodes() {
    return delegate.nodes();
  }

  @Override
  public List<AuditRecord> records(String nodeId, long fromSequence, int limit) {
    return delegate.records(nodeId, fromSequence, limit);
  }

  @Override
  public List<Checkpoint> checkpoints(String nodeId) {
    return delegate.checkpoints(nodeId);
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint(String nodeId) {
    return delegate.latestCheckpoint(nodeId);
  }

  @Override
  public Optional<Checkpoint> latestCheckpointBefore(String nodeId, Instant time) {
    return delegate.latestCheckpointBefore(nodeId, time);
  }

  @Override
  public void query(AuditQuery query, Consumer<AuditRecord> sink) {
    delegate.query(query, sink);
  }

  @Override
  public long prune(String nodeId, long throughSequence) {
    return delegate.prune(nodeId, throughSequence);
  }

  @Override
  public void check() {
    if (failing) {
      throw new AuditStoreException("store unreachable (test)");
    }
    delegate.check();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
