package io.medulla.audit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** An in-memory store that counts transactions, and can be made to fail or to block. */
final class FakeAuditStore extends ForwardingAuditStore {
  final AtomicInteger appends = new AtomicInteger();
  final AtomicInteger checks = new AtomicInteger();
  volatile boolean failing;
  volatile @Nullable CountDownLatch gate;
  final CountDownLatch entered = new CountDownLatch(1);

  FakeAuditStore(InMemoryAuditStore delegate) {
    super(delegate);
  }

  @Override
  public void append(List<AuditRecord> records, @Nullable Checkpoint checkpoint) {
    entered.countDown();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditStoreException("interrupted");
      }
    }
    if (failing) {
      throw new AuditStoreException("store down");
    }
    appends.incrementAndGet();
    super.append(records, checkpoint);
  }

  @Override
  public void check() {
    checks.incrementAndGet();
    if (failing) {
      throw new AuditStoreException("store down");
    }
  }

  @Override
  public Optional<ChainHead> head(String nodeId) {
    if (failing) {
      throw new AuditStoreException("store down");
    }
    return super.head(nodeId);
  }
}
