package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs checkpoints with an Ed25519 key. The key is read from a PKCS#8 PEM file ({@code openssl
 * genpkey -algorithm ed25519} writes one) or, for the embedded default, generated on first start
 * and saved owner-only beside its public key ({@code <file>.pub}), which verifiers pin.
 * Thread-safe.
 */
public final class CheckpointSigner {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String publicKeyBase64;

  private CheckpointSigner(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
    this.publicKeyBase64 = Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  /** Returns a signer over a fresh key that lives only in memory (tests, throwaway chains). */
  public static CheckpointSigner generate() {
    try {
      return new CheckpointSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  /**
   * Returns a signer over the Ed25519 private key in {@code file} (PEM, PKCS#8).
   *
   * @throws IllegalArgumentException if the file holds no Ed25519 private key
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static CheckpointSigner fromPem(Path file) {
    byte[] der = PemFiles.read(file, "PRIVATE KEY");
    try {
      PrivateKey key =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      return new CheckpointSigner(new KeyPair(derivePublic(key), key));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the signing key file holds no Ed25519 private key", e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Returns a signer over the key in {@code file}, generating and saving one (and its public key in
   * {@code <file>.pub}) when the file does not exist: the embedded default's first start.
   */
  public static CheckpointSigner loadOrGenerate(Path file) {
    if (!Files.exists(file)) {
      CheckpointSigner fresh = generate();
      byte[] pkcs8 = fresh.privateKey.getEncoded();
      boolean created =
          PemFiles.createOwnerOnly(
              file, PemFiles.pem("PRIVATE KEY", pkcs8).getBytes(StandardCharsets.US_ASCII));
      Arrays.fill(pkcs8, (byte) 0);
      if (created) {
        PemFiles.createOwnerOnly(
            publicKeyFileOf(file), fresh.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
        return fresh;
      }
    }
    return fromPem(file);
  }

  /** Returns where {@link #loadOrGenerate} saves the public key of the key in {@code file}. */
  public static Path publicKeyFileOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".pub");
  }

  /** Returns the Ed25519 public key in {@code file} (PEM, X.509 {@code PUBLIC KEY}). */
  public static PublicKey readPublicKey(Path file) {
    byte[] der = PemFiles.read(file, "PUBLIC KEY");
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the public key file holds no Ed25519 public key", e);
    }
  }

  /** Returns a checkpoint that signs {@code head} at {@code time}. */
  public Checkpoint sign(ChainHead head, Instant time) {
    requireNonNull(head, "head");
    Checkpoint unsigned =
        new Checkpoint(head.nodeId(), head.sequence(), head.hash(), time, publicKeyBase64, "");
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(unsigned.signedBytes());
      String sig = Base64.getEncoder().encodeToString(s.sign());
      return new Checkpoint(
          unsigned.nodeId(),
          unsigned.sequence(),
          unsigned.headHash(),
          unsigned.time(),
          publicKeyBase64,
          sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Returns the public key that verifies this signer's checkpoints. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** Returns the public key as a PEM block, to hand to verifiers. */
  public String publicKeyPem() {
    return PemFiles.pem("PUBLIC KEY", publicKey.getEncoded());
  }

  /** Returns the short id of the key, as {@link Checkpoint#keyId()} reports it. */
  public String keyId() {
    return Checkpoint.keyIdOf(publicKey.getEncoded());
  }

  @Override
  public String toString() {
    // Never the private key.
    return "CheckpointSigner[key " + keyId() + "]";
  }

  /**
   * Returns the public key of an Ed25519 private key. The JDK has no direct call for it, but its
   * key-pair generator derives the public key from 32 random bytes, which are the private key; fed
   * the private key's bytes, it derives the matching public key.
   */
  private static PublicKey derivePublic(PrivateKey key) throws GeneralSecurityException {
    if (!(key instanceof EdECPrivateKey ed)) {
      throw new GeneralSecurityException("not an EdDSA key");
    }
    byte[] seed = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("opaque key"));
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
    KeyPair pair = g.generateKeyPair();
    byte[] check = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
    boolean same = Arrays.equals(check, seed);
    Arrays.fill(seed, (byte) 0);
    Arrays.fill(check, (byte) 0);
    if (!same) {
      throw new GeneralSecurityException("could not derive the public key");
    }
    return pair.getPublic();
  }

  /** A "random" source that yields the given bytes: only for {@link #derivePublic}. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("unexpected request for " + out.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
