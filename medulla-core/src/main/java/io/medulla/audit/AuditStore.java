package io.medulla.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where audit records and checkpoints are kept. Several nodes may share one store, each writing its
 * own chain; a node's chain has exactly one writer (its {@link AuditLog}).
 *
 * <p>Every method may throw {@link AuditStoreException} when the store cannot be reached or
 * written. Implementations are thread-safe; every method may block on I/O.
 */
public interface AuditStore extends AutoCloseable {
  /**
   * Writes {@code records} (all of one node, consecutive, continuing its chain) and, if given, a
   * checkpoint, in one transaction: when this returns, all of it is durable; when it throws, none
   * of it was written (or, if the outcome is unknown, {@link #head} tells).
   *
   * @throws AuditStoreException if the store fails, or a record's (node, sequence) is taken
   */
  void append(List<AuditRecord> records, @Nullable Checkpoint checkpoint);

  /**
   * Returns the head of {@code nodeId}'s chain: its last record, or after pruning every record, its
   * last checkpoint; empty for a node that never wrote.
   */
  Optional<ChainHead> head(String nodeId);

  /** Returns the nodes that have records or checkpoints, sorted. */
  List<String> nodes();

  /**
   * Returns at most {@code limit} of {@code nodeId}'s records with sequence {@code >=
   * fromSequence}, by sequence.
   */
  List<AuditRecord> records(String nodeId, long fromSequence, int limit);

  /** Returns {@code nodeId}'s checkpoints, by sequence. */
  List<Checkpoint> checkpoints(String nodeId);

  /** Returns {@code nodeId}'s latest checkpoint, if it has one. */
  Optional<Checkpoint> latestCheckpoint(String nodeId);

  /**
   * Returns {@code nodeId}'s latest checkpoint signed before {@code time}, if it has one: where
   * retention may cut.
   */
  Optional<Checkpoint> latestCheckpointBefore(String nodeId, Instant time);

  /**
   * Hands every record matching {@code query} to {@code sink}, by time, then node, then sequence,
   * without holding them all in memory.
   */
  void query(AuditQuery query, Consumer<AuditRecord> sink);

  /**
   * Deletes {@code nodeId}'s records up to and including {@code throughSequence}, and its
   * checkpoints before it, in one transaction. A checkpoint at {@code throughSequence} must exist:
   * it stays, as the anchor from which the rest of the chain verifies.
   *
   * @return how many records were deleted
   * @throws IllegalArgumentException if no checkpoint exists at {@code throughSequence}
   */
  long prune(String nodeId, long throughSequence);

  /**
   * Checks that the store can be reached and written; throws {@link AuditStoreException} if not.
   */
  void check();

  /** Releases the store's connections. */
  @Override
  void close();
}
