package io.medulla.security;

import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Authenticator;
import io.medulla.tenancy.Credentials;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tries authenticators in order; the first whose answer is not {@link AuthOutcome.NotApplicable}
 * decides. Bearer tokens go first (API keys, then OIDC tokens), then client certificates, so that a
 * token names the caller even on an mTLS connection whose certificate maps to no principal.
 */
public final class Authenticators implements Authenticator {
  private final List<Authenticator> chain;

  private Authenticators(List<Authenticator> chain) {
    this.chain = List.copyOf(chain);
  }

  /** Returns a chain that tries {@code inOrder} in the order given. */
  public static Authenticators of(List<Authenticator> inOrder) {
    return new Authenticators(inOrder);
  }

  /**
   * Returns the standard chain: API key, then OIDC token, then client certificate; a {@code null}
   * stands for a method the deployment does not use.
   */
  public static Authenticators standard(
      @Nullable ApiKeyAuthenticator apiKeys,
      @Nullable JwtAuthenticator tokens,
      @Nullable ClientCertificateAuthenticator certificates) {
    List<Authenticator> chain = new ArrayList<>(3);
    if (apiKeys != null) {
      chain.add(apiKeys);
    }
    if (tokens != null) {
      chain.add(tokens);
    }
    if (certificates != null) {
      chain.add(certificates);
    }
    return new Authenticators(chain);
  }

  /**
   * Returns the first decisive outcome; {@link AuthOutcome.NotApplicable} when nothing was
   * presented or nothing presented is of a kind the chain knows.
   */
  @Override
  public AuthOutcome authenticate(Credentials credentials) {
    if (credentials.isEmpty()) {
      return AuthOutcome.notApplicable();
    }
    for (Authenticator a : chain) {
      AuthOutcome outcome = a.authenticate(credentials);
      if (!(outcome instanceof AuthOutcome.NotApplicable)) {
        return outcome;
      }
    }
    return AuthOutcome.notApplicable();
  }
}
