package io.medulla.audit.jdbc;

import static java.util.Objects.requireNonNull;

import io.medulla.audit.AuditStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file in WAL mode with {@code synchronous=FULL}, so that a
 * group's commit is durable when it returns. One connection, used by one caller at a time (SQLite
 * writes one transaction at a time anyway); after a failure the connection is reopened on next use.
 * Other processes (the {@code medulla audit} tools) may read the file while the server writes.
 */
public final class SqliteAuditStore extends JdbcAuditStore {
  /** The URL prefix of SQLite stores. */
  public static final String URL_PREFIX = "jdbc:sqlite:";

  private static final int BUSY_TIMEOUT_MILLIS = 5000;

  private final SQLiteDataSource dataSource;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable Connection connection;
  private boolean closed;

  private SqliteAuditStore(SQLiteDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens (creating if needed) the store in {@code file} and brings its schema up to date. */
  public static SqliteAuditStore open(Path file) {
    requireNonNull(file, "file");
    Path dir = file.toAbsolutePath().getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new AuditStoreException("audit store: cannot create the store's directory", e);
    }
    return openUrl(URL_PREFIX + file.toAbsolutePath());
  }

  /** Opens the store at {@code jdbc:sqlite:<file>} and brings its schema up to date. */
  public static SqliteAuditStore open(String jdbcUrl) {
    if (!jdbcUrl.startsWith(URL_PREFIX)) {
      throw new IllegalArgumentException("not a SQLite URL (expected: jdbc:sqlite:<file>)");
    }
    String rest = jdbcUrl.substring(URL_PREFIX.length());
    if (rest.isEmpty() || rest.contains(":memory:") || rest.contains("?")) {
      throw new IllegalArgumentException(
          "a SQLite audit store needs a plain file path (expected: jdbc:sqlite:<file>)");
    }
    return open(Path.of(rest));
  }

  private static SqliteAuditStore openUrl(String url) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(url);
    migrate(ds, null);
    return new SqliteAuditStore(ds);
  }

  @Override
  <T> T withConnection(SqlWork<T> work) throws SQLException {
    lock.lock();
    try {
      if (closed) {
        throw new SQLException("the audit store is closed");
      }
      Connection c = connection;
      if (c == null) {
        c = dataSource.getConnection();
        connection = c;
      }
      try {
        return work.run(c);
      } catch (SQLException e) {
        // Start afresh next time: the file may have been replaced, or the connection broken.
        closeConnection();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      closeConnection();
    } finally {
      lock.unlock();
    }
  }

  private void closeConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Nothing more to release.
      }
    }
  }
}
