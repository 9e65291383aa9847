package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

/** What one {@link Authenticator} made of a request's {@link Credentials}. */
public sealed interface AuthOutcome {
  /** The credentials prove {@code principal}. */
  record Authenticated(Principal principal) implements AuthOutcome {
    /** Creates the outcome. */
    public Authenticated {
      requireNonNull(principal, "principal");
    }
  }

  /** The credentials are not of this authenticator's kind; the next one may try. */
  record NotApplicable() implements AuthOutcome {}

  /**
   * The credentials are of this authenticator's kind and wrong (bad signature, expired, revoked,
   * unknown key): the request gets 401 and no other authenticator is tried.
   *
   * @param message safe to return to the caller: says what kind of check failed, never which key or
   *     principal exists
   * @param principalHint the principal or key id the credentials claimed, for the failure rate
   *     limit and logs; {@code ""} when unknown. Never a secret.
   */
  record Rejected(String message, String principalHint) implements AuthOutcome {
    /** Creates the outcome. */
    public Rejected {
      requireNonNull(message, "message");
      requireNonNull(principalHint, "principalHint");
    }
  }

  /** Returns the outcome that lets the next authenticator try. */
  static AuthOutcome notApplicable() {
    return new NotApplicable();
  }
}
