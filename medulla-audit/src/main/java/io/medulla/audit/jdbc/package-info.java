/**
 * JDBC audit stores: {@link io.medulla.audit.jdbc.SqliteAuditStore} (the embedded default, WAL,
 * synchronous=FULL) and {@link io.medulla.audit.jdbc.PostgresAuditStore} (several nodes write their
 * own chains into one database), with the schema managed by Flyway migrations in {@code db/audit}.
 * {@link io.medulla.audit.jdbc.AuditStores} opens either from a JDBC URL.
 */
@NullMarked
package io.medulla.audit.jdbc;

import org.jspecify.annotations.NullMarked;
