package io.medulla.audit;

import java.util.Locale;

/** What an audit record records. The {@link #wireName()} is what stores and exports hold. */
public enum AuditAction {
  /** A model or graph request. */
  INFER("infer"),
  /** A model was loaded (or reloaded). */
  MODEL_LOAD("model.load"),
  /** A model was unloaded. */
  MODEL_UNLOAD("model.unload"),
  /** An API key was created. */
  KEY_CREATE("key.create"),
  /** An API key was revoked. */
  KEY_REVOKE("key.revoke"),
  /** A signing or encryption key was rotated. */
  KEY_ROTATE("key.rotate"),
  /** A tenant was created, changed or removed. */
  TENANT_CHANGE("tenant.change"),
  /** An emergency-access (break-glass) session was started. */
  BREAK_GLASS("break_glass.start"),
  /** Credentials were missing or could not be verified (401). */
  AUTHENTICATION_FAILURE("authn.failure"),
  /** An authenticated caller asked for something outside its policy (403/404). */
  AUTHORIZATION_FAILURE("authz.failure"),
  /** An auditor queried the trail. */
  AUDIT_QUERY("audit.query"),
  /** An auditor exported the trail. */
  AUDIT_EXPORT("audit.export"),
  /** Retention pruned a segment of a chain. */
  AUDIT_PRUNE("audit.prune");

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name stored in records: {@code "model.load"}. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName.toLowerCase(Locale.ROOT);
  }
}
