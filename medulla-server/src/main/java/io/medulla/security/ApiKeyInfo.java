package io.medulla.security;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the key store records about one API key: never the secret, nor its hash.
 *
 * @param keyId the public part of the key ({@code mdk_<keyId>_...}), safe to log and show
 * @param principalId the principal the key authenticates, as declared in the tenants file
 * @param label what the operator wrote to recognise the key, or {@code null}
 * @param created when the key was made
 * @param lastUsed when it last authenticated a request (as of the last flush), or {@code null}
 * @param revoked when it was revoked, or {@code null} while it is live
 */
public record ApiKeyInfo(
    String keyId,
    String principalId,
    @Nullable String label,
    Instant created,
    @Nullable Instant lastUsed,
    @Nullable Instant revoked) {
  /** Creates the record. */
  public ApiKeyInfo {
    requireNonNull(keyId, "keyId");
    requireNonNull(principalId, "principalId");
    requireNonNull(created, "created");
  }

  /** Returns whether the key has been revoked. */
  public boolean isRevoked() {
    return revoked != null;
  }

  ApiKeyInfo withLastUsed(@Nullable Instant when) {
    return new ApiKeyInfo(keyId, principalId, label, created, when, revoked);
  }

  ApiKeyInfo withRevoked(Instant when) {
    return new ApiKeyInfo(keyId, principalId, label, created, lastUsed, when);
  }
}
