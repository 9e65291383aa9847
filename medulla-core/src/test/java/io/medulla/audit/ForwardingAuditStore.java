package io.medulla.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Forwards every call to another store; tests override what they need. */
class ForwardingAuditStore implements AuditStore {
  final AuditStore delegate;

  ForwardingAuditStore(AuditStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void append(List<AuditRecord> records, @Nullable Checkpoint checkpoint) {
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
    delegate.check();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
