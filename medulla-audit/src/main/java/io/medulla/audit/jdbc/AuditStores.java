package io.medulla.audit.jdbc;

import io.medulla.audit.AuditStore;

/** Opens an audit store from a JDBC URL. */
public final class AuditStores {
  private AuditStores() {}

  /**
   * Opens the store at {@code jdbcUrl} and brings its schema up to date: {@code jdbc:sqlite:<file>}
   * (the embedded default) or {@code jdbc:postgresql://host:port/db?...}.
   *
   * @throws IllegalArgumentException for any other kind of URL
   * @throws io.medulla.audit.AuditStoreException if the store cannot be opened or migrated
   */
  public static AuditStore open(String jdbcUrl) {
    if (jdbcUrl.startsWith(SqliteAuditStore.URL_PREFIX)) {
      return SqliteAuditStore.open(jdbcUrl);
    }
    if (jdbcUrl.startsWith(PostgresAuditStore.URL_PREFIX)) {
      return PostgresAuditStore.open(jdbcUrl);
    }
    throw new IllegalArgumentException(
        "unsupported audit store URL (expected: jdbc:sqlite:<file> or jdbc:postgresql://...)");
  }
}
