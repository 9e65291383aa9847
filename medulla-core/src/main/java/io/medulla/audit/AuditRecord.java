package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One audit record as stored: an {@link AuditEvent} placed on its node's chain.
 *
 * <p>{@link #hash()} is the SHA-256 of {@link #canonicalBytes()}, which cover every field except
 * the hash itself, the previous record's hash included: changing any field, or the order of
 * records, breaks either this record's hash or the next record's link. The encoding (see {@link
 * CanonicalEncoder} for how each value is written) is, in order: the string {@code
 * "medulla.audit.record.v1"}, node id, sequence, time, then the event's fields in declaration order
 * (action, tenant, principal, role, clientAddress, breakGlass, breakGlassReason, requestId, model,
 * version, modelSha256, priority, status, reason, queueNanos, computeNanos, totalNanos, batchId,
 * batchShared, inputDigest, outputDigest), then the previous hash.
 *
 * @param nodeId the node whose chain holds the record
 * @param sequence its place on that chain, from 1, without gaps
 * @param time when the log accepted it, in microseconds precision
 * @param event what happened
 * @param prevHash the hash of the record before it on the chain ({@link ChainHead#GENESIS_HASH} for
 *     the first)
 * @param hash the SHA-256 (hex) of {@link #canonicalBytes()}
 */
public record AuditRecord(
    String nodeId, long sequence, Instant time, AuditEvent event, String prevHash, String hash) {
  private static final String DOMAIN = "medulla.audit.record.v1";

  /** The longest node id allowed. */
  public static final int MAX_NODE_ID_LENGTH = 128;

  /** Creates a record as read from a store; does not check the hash (the verifier does). */
  public AuditRecord {
    checkNodeId(nodeId);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 1)");
    }
    time = AuditTimes.truncate(requireNonNull(time, "time"));
    requireNonNull(event, "event");
    requireNonNull(prevHash, "prevHash");
    requireNonNull(hash, "hash");
  }

  /** Returns a record whose hash is computed from its fields: how a chain makes records. */
  public static AuditRecord sealed(
      String nodeId, long sequence, Instant time, AuditEvent event, String prevHash) {
    AuditRecord unsealed = new AuditRecord(nodeId, sequence, time, event, prevHash, "");
    return new AuditRecord(
        nodeId, sequence, time, event, prevHash, Hex.sha256(unsealed.canonicalBytes()));
  }

  /** Returns the bytes the hash covers: every field but the hash, encoded as documented above. */
  public byte[] canonicalBytes() {
    CanonicalEncoder e = new CanonicalEncoder();
    e.string(DOMAIN).string(nodeId).int64(sequence).instant(time);
    AuditEvent v = event;
    e.string(v.action())
        .string(v.tenant())
        .string(v.principal())
        .string(v.role())
        .string(v.clientAddress())
        .bool(v.breakGlass())
        .string(v.breakGlassReason())
        .string(v.requestId())
        .string(v.model())
        .string(v.version())
        .string(v.modelSha256())
        .int32(v.priority())
        .string(v.status())
        .string(v.reason())
        .int64(v.queueNanos())
        .int64(v.computeNanos())
        .int64(v.totalNanos())
        .string(v.batchId())
        .bool(v.batchShared())
        .string(v.inputDigest())
        .string(v.outputDigest());
    e.string(prevHash);
    return e.toByteArray();
  }

  /** Returns the hash the fields call for; equal to {@link #hash()} unless the record changed. */
  public String computeHash() {
    return Hex.sha256(canonicalBytes());
  }

  /** Returns whether {@link #hash()} matches the fields. */
  public boolean hasValidHash() {
    return computeHash().equals(hash);
  }

  /** Returns the head the chain has once this record is on it. */
  public ChainHead head() {
    return new ChainHead(nodeId, sequence, hash);
  }

  /** Returns {@code nodeId/sequence}, how reports name a record. */
  public String label() {
    return nodeId + "/" + sequence;
  }

  static void checkNodeId(String nodeId) {
    requireNonNull(nodeId, "nodeId");
    if (nodeId.isEmpty() || nodeId.length() > MAX_NODE_ID_LENGTH) {
      throw new IllegalArgumentException(
          "node id: expected 1 to " + MAX_NODE_ID_LENGTH + " characters");
    }
    for (int i = 0; i < nodeId.length(); i++) {
      char c = nodeId.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == ':';
      if (!ok) {
        throw new IllegalArgumentException(
            "node id: '" + nodeId + "' (expected: letters, digits and - _ . : only)");
      }
    }
  }
}
