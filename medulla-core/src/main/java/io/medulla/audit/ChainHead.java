package io.medulla.audit;

import static java.util.Objects.requireNonNull;

/**
 * The end of one node's chain: the last sequence number written and that record's hash.
 *
 * @param nodeId the node whose chain it is
 * @param sequence the last sequence number; 0 for an empty chain
 * @param hash the last record's hash (hex SHA-256); {@link #GENESIS_HASH} for an empty chain
 */
public record ChainHead(String nodeId, long sequence, String hash) {
  /** The previous hash of every chain's first record: 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /** Creates a head; validates every field. */
  public ChainHead {
    AuditRecord.checkNodeId(nodeId);
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 0)");
    }
    requireNonNull(hash, "hash");
    if (!Hex.isSha256(hash)) {
      throw new IllegalArgumentException("hash: expected 64 lower-case hex digits");
    }
  }

  /** Returns the head of an empty chain. */
  public static ChainHead genesis(String nodeId) {
    return new ChainHead(nodeId, 0, GENESIS_HASH);
  }
}
