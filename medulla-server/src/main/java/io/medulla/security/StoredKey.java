package io.medulla.security;

import static java.util.Objects.requireNonNull;

/**
 * One row of the key file: the public record and the SHA-256 of the secret, in lower-case hex. The
 * secret itself is never stored.
 */
record StoredKey(ApiKeyInfo info, String secretSha256) {
  StoredKey {
    requireNonNull(info, "info");
    requireNonNull(secretSha256, "secretSha256");
    if (!secretSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("secret hash: expected 64 lower-case hex digits");
    }
  }
}
