package io.medulla.tenancy;

/**
 * Turns a request's credentials into a principal. Implementations (API keys, OIDC tokens, client
 * certificates) are tried in order; the first that does not answer {@link
 * AuthOutcome.NotApplicable} decides. Called on every request, so expiry and revocation are checked
 * every time, not once per connection. Must be thread-safe and must not block on the network.
 */
@FunctionalInterface
public interface Authenticator {
  /** Returns what the credentials prove. */
  AuthOutcome authenticate(Credentials credentials);
}
