package io.medulla.audit.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.medulla.audit.AuditStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shared store: a PostgreSQL database into which several Medulla nodes write their own chains
 * (the primary key (node, sequence) keeps them apart and refuses a second writer of one chain).
 * Connections come from a small HikariCP pool; each group is one transaction. The schema is the
 * URL's {@code currentSchema} (created if needed), else {@code public}.
 */
public final class PostgresAuditStore extends JdbcAuditStore {
  /** The URL prefix of PostgreSQL stores. */
  public static final String URL_PREFIX = "jdbc:postgresql:";

  /** The default pool size: one writer, plus readers for queries and probes. */
  public static final int DEFAULT_POOL_SIZE = 4;

  /** The default wait for a connection before a write fails (and the node turns unready). */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

  private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

  private final HikariDataSource pool;

  private PostgresAuditStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens the store at {@code jdbcUrl} with the default pool, and migrates its schema. */
  public static PostgresAuditStore open(String jdbcUrl) {
    return open(jdbcUrl, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * Opens the store at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db?user=...}) and
   * migrates its schema.
   *
   * @param poolSize the most connections held
   * @param connectionTimeout how long to wait for a connection before failing
   */
  public static PostgresAuditStore open(String jdbcUrl, int poolSize, Duration connectionTimeout) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith(URL_PREFIX)) {
      throw new IllegalArgumentException("not a PostgreSQL URL (expected: jdbc:postgresql://...)");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: >= 1)");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("medulla-audit");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(connectionTimeout.toMillis(), 5000)));
    // One round trip per group rather than one per record.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new AuditStoreException("audit store: cannot connect to PostgreSQL", e);
    }
    try {
      migrate(pool, schemaOf(jdbcUrl));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresAuditStore(pool);
  }

  static @Nullable String schemaOf(String jdbcUrl) {
    Matcher m = SCHEMA.matcher(jdbcUrl);
    return m.find() ? m.group(1) : null;
  }

  @Override
  <T> T withConnection(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
