package io.medulla.tenancy;

import static java.util.Objects.requireNonNull;

/**
 * The answer of authorisation. A refusal carries a message safe to return to the caller: it names
 * the rule, never another tenant's models.
 *
 * @param outcome allowed, forbidden (403) or hidden (404: the caller may not learn it exists)
 * @param message why, for the caller; empty when allowed
 */
public record AccessDecision(Outcome outcome, String message) {
  /** The three possible outcomes. */
  public enum Outcome {
    /** Go ahead. */
    ALLOWED,
    /** 403 / PERMISSION_DENIED. */
    FORBIDDEN,
    /** 404 / NOT_FOUND, as if the model did not exist. */
    HIDDEN
  }

  private static final AccessDecision ALLOW = new AccessDecision(Outcome.ALLOWED, "");

  /** Creates a decision. */
  public AccessDecision {
    requireNonNull(outcome, "outcome");
    requireNonNull(message, "message");
  }

  /** Returns the decision that allows. */
  public static AccessDecision allow() {
    return ALLOW;
  }

  /** Returns a 403 decision. */
  public static AccessDecision forbid(String message) {
    return new AccessDecision(Outcome.FORBIDDEN, message);
  }

  /** Returns a 404 decision. */
  public static AccessDecision hide(String message) {
    return new AccessDecision(Outcome.HIDDEN, message);
  }

  /** Returns whether it allows. */
  public boolean isAllowed() {
    return outcome == Outcome.ALLOWED;
  }
}
