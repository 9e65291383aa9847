package io.medulla.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Verifies Ed25519 signatures with the JDK's own provider (nimbus's verifier needs Tink, which
 * Medulla does not ship).
 */
final class Ed25519Check implements SignatureCheck {
  /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final PublicKey key;

  private Ed25519Check(PublicKey key) {
    this.key = key;
  }

  /** Returns a check for the public half of {@code jwk}, an Ed25519 octet key pair. */
  static Ed25519Check of(OctetKeyPair jwk) throws GeneralSecurityException {
    byte[] x = jwk.getX().decode();
    if (x.length != 32) {
      throw new GeneralSecurityException("Ed25519 key: expected 32 bytes");
    }
    byte[] spki = new byte[SPKI_PREFIX.length + x.length];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, SPKI_PREFIX.length, x.length);
    return new Ed25519Check(
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(signingInput);
      return s.verify(signature.decode());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
