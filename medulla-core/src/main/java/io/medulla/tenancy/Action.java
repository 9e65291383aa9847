package io.medulla.tenancy;

/** The families of routes that authorisation tells apart. Health probes are not among them. */
public enum Action {
  /** Run a model or graph. Role: inference. */
  INFER,
  /** Read a model's metadata, readiness or configuration. Roles: inference or operator. */
  READ_MODEL,
  /** Read the server's metadata. Any authenticated principal. */
  READ_SERVER,
  /** Read the repository index. Role: operator (or inference, filtered to its entitlements). */
  READ_REPOSITORY,
  /** Read statistics. Role: operator. */
  READ_STATISTICS,
  /** Load or unload models. Role: operator. */
  MANAGE_MODELS,
  /** Read and export the audit trail. Role: auditor. */
  READ_AUDIT,
  /** Manage API keys and tenants. Role: admin. */
  ADMINISTER
}
