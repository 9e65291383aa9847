/**
 * The tamper-evident audit trail: one {@link io.medulla.audit.AuditRecord} per request, admin
 * action and access failure; a SHA-256 hash chain per node with Ed25519-signed checkpoints; the
 * group-commit {@link io.medulla.audit.AuditLog} that releases a response only once its record is
 * durable; the {@link io.medulla.audit.AuditStore} SPI; the offline {@link
 * io.medulla.audit.AuditVerifier}; and retention that prunes whole segments ending at a checkpoint.
 *
 * <p>Records never hold tensor contents: inputs and outputs appear only as keyed digests ({@link
 * io.medulla.audit.InputDigests}), useless without the per-tenant secret.
 */
@NullMarked
package io.medulla.audit;

import org.jspecify.annotations.NullMarked;
