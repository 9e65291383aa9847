package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One node's hash chain: gives each event the next sequence number and links it to the previous
 * record's hash. Not thread-safe: the one writer of a node's chain owns it.
 */
public final class AuditChain {
  private ChainHead head;

  /** Creates a chain that continues after {@code head} (a genesis head for a new chain). */
  public AuditChain(ChainHead head) {
    this.head = requireNonNull(head, "head");
  }

  /** Returns the chain's current head. */
  public ChainHead head() {
    return head;
  }

  /** Returns {@code event} as the chain's next record, stamped {@code time}, and advances. */
  public AuditRecord append(AuditEvent event, Instant time) {
    AuditRecord r =
        AuditRecord.sealed(head.nodeId(), head.sequence() + 1, time, event, head.hash());
    head = r.head();
    return r;
  }

  /**
   * Moves the chain back (or forward) to {@code newHead}: after a failed write, to what the store
   * holds. The node must stay the same.
   */
  public void reset(ChainHead newHead) {
    requireNonNull(newHead, "newHead");
    if (!newHead.nodeId().equals(head.nodeId())) {
      throw new IllegalArgumentException(
          "newHead: node " + newHead.nodeId() + " (expected: " + head.nodeId() + ")");
    }
    head = newHead;
  }
}
