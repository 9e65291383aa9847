package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signed statement that a node's chain had reached {@code sequence} with head {@code headHash}:
 * records up to there cannot be changed, reordered or cut off without the verifier noticing.
 *
 * <p>The Ed25519 signature covers {@link #signedBytes()}: the string {@code
 * "medulla.audit.checkpoint.v1"}, node id, sequence, head hash, time and public key, each written
 * as {@link CanonicalEncoder} documents.
 *
 * @param nodeId the node whose chain it signs
 * @param sequence the last record it covers
 * @param headHash that record's hash
 * @param time when it was signed, in microseconds precision
 * @param publicKey the signer's Ed25519 public key: base64 of its X.509 encoding
 * @param signature the Ed25519 signature of {@link #signedBytes()}, base64
 */
public record Checkpoint(
    String nodeId,
    long sequence,
    String headHash,
    Instant time,
    String publicKey,
    String signature) {
  private static final String DOMAIN = "medulla.audit.checkpoint.v1";

  /** Creates a checkpoint as read from a store; does not check the signature. */
  public Checkpoint {
    AuditRecord.checkNodeId(nodeId);
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 0)");
    }
    requireNonNull(headHash, "headHash");
    time = AuditTimes.truncate(requireNonNull(time, "time"));
    requireNonNull(publicKey, "publicKey");
    requireNonNull(signature, "signature");
  }

  /** Returns the bytes the signature covers. */
  public byte[] signedBytes() {
    return new CanonicalEncoder()
        .string(DOMAIN)
        .string(nodeId)
        .int64(sequence)
        .string(headHash)
        .instant(time)
        .string(publicKey)
        .toByteArray();
  }

  /** Returns the head this checkpoint signs. */
  public ChainHead head() {
    return new ChainHead(nodeId, sequence, headHash);
  }

  /** Returns a short id of the signing key: the first 16 hex digits of its SHA-256. */
  public String keyId() {
    return keyIdOf(publicKeyBytes());
  }

  /** Returns whether the signature verifies under the public key the checkpoint names. */
  public boolean hasValidSignature() {
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(publicKeyBytes()));
      return verifies(key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Returns whether {@code pinned} signed the checkpoint: the named key is {@code pinned} and the
   * signature verifies under it.
   */
  public boolean isSignedBy(PublicKey pinned) {
    try {
      return Arrays.equals(pinned.getEncoded(), publicKeyBytes()) && verifies(pinned);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private boolean verifies(PublicKey key) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(signedBytes());
      return s.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private byte[] publicKeyBytes() {
    return Base64.getDecoder().decode(publicKey);
  }

  static String keyIdOf(byte[] encodedPublicKey) {
    return Hex.sha256(encodedPublicKey).substring(0, 16);
  }
}
