package io.medulla.security;

import static java.util.Objects.requireNonNull;

import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Authenticator;
import io.medulla.tenancy.Credentials;
import io.medulla.tenancy.Principal;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates {@code Authorization: Bearer mdk_...} API keys against an {@link ApiKeys} store.
 * Other bearer tokens, and requests without one, are not its business.
 */
public final class ApiKeyAuthenticator implements Authenticator {
  /** What every failure says: which check failed is not the caller's business. */
  public static final String INVALID = "invalid API key";

  private final ApiKeys keys;
  private final Function<String, Optional<Principal>> principals;

  /**
   * Creates an authenticator.
   *
   * @param keys the key store
   * @param principals finds a declared principal by id; a key whose principal is no longer declared
   *     authenticates no one
   */
  public ApiKeyAuthenticator(ApiKeys keys, Function<String, Optional<Principal>> principals) {
    this.keys = requireNonNull(keys, "keys");
    this.principals = requireNonNull(principals, "principals");
  }

  @Override
  public AuthOutcome authenticate(Credentials credentials) {
    String bearer = credentials.bearer();
    if (bearer == null || !bearer.startsWith(ApiKeyTokens.PREFIX)) {
      return AuthOutcome.notApplicable();
    }
    String hint = ApiKeys.keyIdOf(bearer).orElse("");
    Optional<Principal> principal = keys.verify(bearer).flatMap(principals);
    if (principal.isEmpty()) {
      return new AuthOutcome.Rejected(INVALID, hint);
    }
    return new AuthOutcome.Authenticated(principal.get().withMethod(AuthMethod.API_KEY));
  }
}
