package io.medulla.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads X.509 certificates and PKCS#8 private keys (RSA or EC) from PEM files. Errors name the flag
 * that gave the file, never the file's contents.
 */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);

  private PemFiles() {}

  /** Returns the bytes of a file, or fails naming {@code flag}. */
  static byte[] read(String flag, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(flag + ": no such file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          flag + ": cannot be read (" + e.getClass().getName() + ")");
    }
  }

  /** Returns every certificate in PEM text, in order; fails if there is none. */
  static List<X509Certificate> certificates(String flag, byte[] pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(flag, pem)) {
        if (b.type().equals("CERTIFICATE")) {
          certificates.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(flag + ": a certificate in the file is not valid X.509");
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          flag + ": no certificate found (expected PEM: -----BEGIN CERTIFICATE-----)");
    }
    return List.copyOf(certificates);
  }

  /** Returns the one PKCS#8 private key (RSA or EC) in PEM text. */
  static PrivateKey privateKey(String flag, byte[] pem) {
    List<Block> keys = new ArrayList<>();
    for (Block b : blocks(flag, pem)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> keys.add(b);
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                flag
                    + ": the key is encrypted; give an unencrypted PKCS#8 key with file permissions"
                    + " that protect it");
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new IllegalArgumentException(
                flag
                    + ": the key is in a legacy format ("
                    + b.type()
                    + "); convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt`");
        default -> {
          // Other blocks (a certificate bundled with the key) are ignored.
        }
      }
    }
    if (keys.size() != 1) {
      throw new IllegalArgumentException(
          flag
              + ": expected exactly one PKCS#8 private key (-----BEGIN PRIVATE KEY-----), found "
              + keys.size());
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0).der());
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        // Not this algorithm; try the next.
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK lacks " + algorithm + " keys", e);
      }
    }
    throw new IllegalArgumentException(flag + ": the private key is neither RSA nor EC");
  }

  /**
   * Checks that {@code key} belongs to {@code certificate} by signing and verifying a challenge.
   */
  static void checkKeyMatches(String keyFlag, PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> throw new IllegalArgumentException(keyFlag + ": unsupported key algorithm");
        };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          keyFlag + ": the private key does not belong to the first certificate of --tls-cert");
    }
  }

  private static List<Block> blocks(String flag, byte[] pem) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + ": a PEM block is not valid base64");
      }
    }
    return blocks;
  }

  private record Block(String type, byte[] der) {}
}
