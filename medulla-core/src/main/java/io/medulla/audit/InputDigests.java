package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digests of tensors for audit records: enough to prove later what was sent and returned,
 * useless to anyone without the key, and never a plain hash of patient data.
 *
 * <p>Each tenant has its own key, {@code HMAC-SHA-256(master, "medulla.audit.tenant-key.v1" ||
 * tenant id)} (an HKDF-style derivation from one master secret), so that one tenant's key reveals
 * nothing about another's. A digest is {@code HMAC-SHA-256(tenant key, encoding)} in lower-case
 * hex, where the encoding is, for the tensors sorted by name: the string {@code
 * "medulla.audit.tensors.v1"}, the tensor count, then per tensor its name, data type name, rank,
 * each dimension, the data's byte length and the raw little-endian data bytes (strings and numbers
 * written as {@link CanonicalEncoder} documents). Thread-safe.
 */
public final class InputDigests {
  /** The shortest master secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] KEY_LABEL =
      "medulla.audit.tenant-key.v1".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_CACHED_TENANTS = 10_000;

  private final byte[] master;
  private final Map<TenantId, byte[]> tenantKeys = new ConcurrentHashMap<>();

  private InputDigests(byte[] master) {
    if (master.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "audit secret: " + master.length + " bytes (expected: >= " + MIN_SECRET_BYTES + ")");
    }
    this.master = master.clone();
  }

  /** Returns digests keyed from {@code masterSecret} (at least 32 bytes; copied). */
  public static InputDigests of(byte[] masterSecret) {
    return new InputDigests(requireNonNull(masterSecret, "masterSecret"));
  }

  /**
   * Returns digests keyed from the secret in {@code file}: base64 text of at least 32 bytes.
   *
   * @throws IllegalArgumentException if the file holds no such secret
   * @throws java.io.UncheckedIOException if it cannot be read
   */
  public static InputDigests fromFile(Path file) {
    byte[] text;
    try {
      text = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit secret file", e);
    }
    try {
      byte[] secret =
          Base64.getMimeDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
      try {
        return new InputDigests(secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the audit secret file must hold base64 of at least " + MIN_SECRET_BYTES + " bytes", e);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  /**
   * Returns digests keyed from the secret in {@code file}, generating 32 random bytes and saving
   * them owner-only when the file does not exist: the embedded default's first start.
   */
  public static InputDigests loadOrGenerate(Path file) {
    if (!Files.exists(file)) {
      byte[] secret = new byte[MIN_SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      byte[] text =
          (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
      boolean created = PemFiles.createOwnerOnly(file, text);
      Arrays.fill(text, (byte) 0);
      try {
        if (created) {
          return new InputDigests(secret);
        }
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    return fromFile(file);
  }

  /** Returns the keyed digest (hex) of {@code tensors} under {@code tenant}'s key. */
  public String digest(TenantId tenant, List<Tensor> tensors) {
    requireNonNull(tenant, "tenant");
    Mac mac = mac(tenantKey(tenant));
    List<Tensor> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparing(Tensor::name));
    CanonicalEncoder header = new CanonicalEncoder().string("medulla.audit.tensors.v1");
    header.int32(sorted.size());
    mac.update(header.toByteArray());
    for (Tensor t : sorted) {
      CanonicalEncoder e = new CanonicalEncoder().string(t.name()).string(t.dataType().name());
      e.int32(t.shape().rank());
      for (int i = 0; i < t.shape().rank(); i++) {
        e.int64(t.shape().dim(i));
      }
      e.int64(t.byteSize());
      mac.update(e.toByteArray());
      ByteBuffer data = t.data();
      mac.update(data);
    }
    return Hex.of(mac.doFinal());
  }

  private byte[] tenantKey(TenantId tenant) {
    byte[] key = tenantKeys.get(tenant);
    if (key != null) {
      return key;
    }
    Mac mac = mac(master);
    mac.update(KEY_LABEL);
    mac.update(tenant.value().getBytes(StandardCharsets.UTF_8));
    key = mac.doFinal();
    if (tenantKeys.size() < MAX_CACHED_TENANTS) {
      tenantKeys.putIfAbsent(tenant, key);
    }
    return key;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    // Never the secret.
    return "InputDigests[HMAC-SHA-256, per-tenant keys]";
  }
}
