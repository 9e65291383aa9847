package io.medulla.engine;

import io.medulla.audit.AuditQuery;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStore;
import io.medulla.audit.ChainHead;
import io.medulla.audit.Checkpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Forwards every call to another store after {@link #before()}, which tests override. */
class ForwardingStore implements AuditStore {
  private final AuditStore delegate;

  ForwardingStore(AuditStore delegate) {
    this.delegate = delegate;
  }

  protected void before() {}

  @Override
  public void append(List<AuditRecord> records, @Nullable Checkpoint checkpoint) {
    before();
    delegate.append(records, checkpoint);
  }

  @Override
  public Optional<ChainHead> head(String nodeId) {
    before();
    return delegate.head(nodeId);
  }

  @Override
  public List<String> nodes() {
    before();
    return delegate.nodes();
  }

  @Override
  public List<AuditRecord> records(String nodeId, long fromSequence, int limit) {
    before();
    return delegate.records(nodeId, fromSequence, limit);
  }

  @Override
  public List<Checkpoint> checkpoints(String nodeId) {
    before();
    return delegate.checkpoints(nodeId);
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint(String nodeId) {
    before();
    return delegate.latestCheckpoint(nodeId);
  }

  @Override
  public Optional<Checkpoint> latestCheckpointBefore(String nodeId, Instant time) {
    before();
    return delegate.latestCheckpointBefore(nodeId, time);
  }

  @Override
  public void query(AuditQuery query, Consumer<AuditRecord> sink) {
    before();
    delegate.query(query, sink);
  }

  @Override
  public long prune(String nodeId, long throughSequence) {
    before();
    return delegate.prune(nodeId, throughSequence);
  }

  @Override
  public void check() {
    before();
    delegate.check();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
