package io.medulla.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API key format, {@code mdk_<keyId>_<secret>}: a 12-character base32 key id (60 random bits,
 * public) and a 256-bit random secret in unpadded base64url (43 characters).
 */
final class ApiKeyTokens {
  static final String PREFIX = "mdk_";
  static final int KEY_ID_LENGTH = 12;
  static final int SECRET_BYTES = 32;
  private static final String KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int SECRET_CHARS = 43;
  private static final int TOKEN_LENGTH = PREFIX.length() + KEY_ID_LENGTH + 1 + SECRET_CHARS;

  /** A token split into its parts; the secret stays in memory only. */
  static final class Parsed {
    final String keyId;
    final byte[] secret;

    Parsed(String keyId, byte[] secret) {
      this.keyId = keyId;
      this.secret = secret;
    }
  }

  private ApiKeyTokens() {}

  /** Returns a new random key id. */
  static String newKeyId(SecureRandom random) {
    StringBuilder b = new StringBuilder(KEY_ID_LENGTH);
    for (int i = 0; i < KEY_ID_LENGTH; i++) {
      b.append(KEY_ID_ALPHABET.charAt(random.nextInt(KEY_ID_ALPHABET.length())));
    }
    return b.toString();
  }

  /** Returns new random secret bytes. */
  static byte[] newSecret(SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** Returns the token a client presents. */
  static String format(String keyId, byte[] secret) {
    return PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** Returns whether {@code id} is a well-formed key id. */
  static boolean isKeyId(String id) {
    if (id.length() != KEY_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (KEY_ID_ALPHABET.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Returns the parts of a well-formed token, or empty for anything else. */
  static Optional<Parsed> parse(String token) {
    if (token.length() != TOKEN_LENGTH
        || !token.startsWith(PREFIX)
        || token.charAt(PREFIX.length() + KEY_ID_LENGTH) != '_') {
      return Optional.empty();
    }
    String keyId = token.substring(PREFIX.length(), PREFIX.length() + KEY_ID_LENGTH);
    if (!isKeyId(keyId)) {
      return Optional.empty();
    }
    String encoded = token.substring(TOKEN_LENGTH - SECRET_CHARS);
    byte[] secret;
    try {
      secret = Base64.getUrlDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Only the canonical encoding: a changed character in the unused low bits is a changed token.
    if (secret.length != SECRET_BYTES
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(secret).equals(encoded)) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(keyId, secret));
  }

  /** Returns SHA-256 of the secret, in lower-case hex, as the key file stores it. */
  static String sha256Hex(byte[] secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** Returns SHA-256 of {@code bytes}. */
  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
