package io.medulla.audit;

import static java.util.Objects.requireNonNull;

/**
 * The first thing wrong with one node's chain, as {@link AuditVerifier} found it.
 *
 * @param nodeId the chain's node
 * @param sequence the first bad record's sequence number (for a missing range, its first)
 * @param kind what is wrong
 * @param message what was found, naming records by {@code node/sequence}
 */
public record AuditProblem(String nodeId, long sequence, Kind kind, String message) {
  /** What can be wrong with a chain. */
  public enum Kind {
    /** A record's fields do not match its hash: it was changed, or moved to another place. */
    RECORD_ALTERED,
    /** A record does not link to the hash of the one before it. */
    BROKEN_LINK,
    /** Sequence numbers skip: records in between were deleted. */
    MISSING_RECORDS,
    /** The chain starts after 1 without a checkpoint anchoring the start (records deleted). */
    UNANCHORED_START,
    /** The records at the end that a checkpoint signed are gone. */
    TRUNCATED,
    /** A checkpoint's signature does not verify. */
    BAD_SIGNATURE,
    /** A checkpoint was signed by a key other than the pinned one. */
    UNTRUSTED_KEY,
    /** The record a checkpoint signed has a different hash now: the chain was rewritten. */
    CHECKPOINT_MISMATCH
  }

  /** Creates a problem. */
  public AuditProblem {
    requireNonNull(nodeId, "nodeId");
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
  }

  /** Returns the record's label, {@code node/sequence}. */
  public String label() {
    return nodeId + "/" + sequence;
  }

  @Override
  public String toString() {
    return label() + ": " + kind + ": " + message;
  }
}
