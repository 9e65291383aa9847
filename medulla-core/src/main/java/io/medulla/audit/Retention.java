package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.StatusCode;
import io.medulla.time.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit records older than the retention period, in whole segments that end at a
 * checkpoint: the checkpoint stays as the anchor from which the rest of the chain still verifies.
 * Each pruning is itself audited, before it happens, on the log's own chain: no record, no pruning.
 *
 * <p>Blocks while records are written and deleted: call it from a maintenance thread, never from
 * the log's writer.
 */
public final class Retention {
  /** The default retention period: six years (HIPAA's documentation retention), leap days in. */
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(6 * 365 + 2);

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /**
   * One chain's pruning.
   *
   * @param nodeId the chain's node
   * @param throughSequence the last record deleted; the checkpoint there is the new anchor
   * @param records how many records were deleted
   */
  public record Pruned(String nodeId, long throughSequence, long records) {}

  private final AuditStore store;
  private final AuditLog log;
  private final WallClock clock;
  private final Duration period;
  private final String principal;

  /**
   * Creates a retention policy.
   *
   * @param log where the pruning records go
   * @param period how long records are kept
   * @param principal who prunes, for its records ("system" for the server's own schedule)
   */
  public Retention(
      AuditStore store, AuditLog log, WallClock clock, Duration period, String principal) {
    this.store = requireNonNull(store, "store");
    this.log = requireNonNull(log, "log");
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
    this.period = period;
    this.principal = requireNonNull(principal, "principal");
  }

  /**
   * Prunes every node's chain up to its latest checkpoint older than the period, and returns what
   * was pruned.
   *
   * @throws AuditUnavailableException if a pruning could not be audited (nothing is deleted then)
   */
  public List<Pruned> pruneExpired() {
    Instant cutoff = clock.now().minus(period);
    List<Pruned> out = new ArrayList<>();
    for (String node : store.nodes()) {
      Optional<Checkpoint> cut = store.latestCheckpointBefore(node, cutoff);
      if (cut.isEmpty()) {
        continue;
      }
      long through = cut.get().sequence();
      List<AuditRecord> firstKept = store.records(node, 1, 1);
      if (firstKept.isEmpty() || firstKept.get(0).sequence() > through) {
        continue; // already pruned up to there
      }
      String what = "node=" + node + " through=" + through + " cutoff=" + cutoff;
      await(AuditEvent.admin(AuditAction.AUDIT_PRUNE, principal, "").note(what).build());
      try {
        long deleted = store.prune(node, through);
        out.add(new Pruned(node, through, deleted));
        LOG.info("audit retention pruned {} records of node {} through {}", deleted, node, through);
      } catch (RuntimeException e) {
        await(
            AuditEvent.admin(AuditAction.AUDIT_PRUNE, principal, "")
                .failure(StatusCode.INTERNAL, "pruning failed: " + what)
                .build());
        throw e;
      }
    }
    return out;
  }

  private void await(AuditEvent event) {
    try {
      log.append(event).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AuditUnavailableException u) {
        throw u;
      }
      throw e;
    }
  }
}
