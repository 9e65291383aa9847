package io.medulla.audit.jdbc;

import io.medulla.audit.AuditQuery;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditStoreException;
import io.medulla.audit.AuditTimes;
import io.medulla.audit.ChainHead;
import io.medulla.audit.Checkpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * The SQL both stores share; subclasses decide how connections are had. Every failure of the
 * database becomes an {@link AuditStoreException} whose message names the operation only (the
 * driver's message, which may hold paths or addresses, stays in the cause).
 */
abstract class JdbcAuditStore implements AuditStore {
  private static final String RECORDS_FROM =
      "SELECT " + RecordRows.RECORD_COLUMNS + " FROM audit_record";
  private static final String CHECKPOINTS_FROM =
      "SELECT " + RecordRows.CHECKPOINT_COLUMNS + " FROM audit_checkpoint";
  private static final int FETCH_SIZE = 1000;

  /** Runs {@code work} on a connection; SQL failures are rethrown as they are. */
  abstract <T> T withConnection(SqlWork<T> work) throws SQLException;

  /** Brings the schema of {@code dataSource} up to date (in {@code schema}, if given). */
  static void migrate(DataSource dataSource, @Nullable String schema) {
    var config =
        Flyway.configure(JdbcAuditStore.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/audit")
            .table("audit_schema_history");
    if (schema != null) {
      config.schemas(schema);
    }
    try {
      config.load().migrate();
    } catch (RuntimeException e) {
      throw new AuditStoreException("audit store: the schema migration failed", e);
    }
  }

  final <T> T run(String operation, SqlWork<T> work) {
    try {
      return withConnection(work);
    } catch (SQLException e) {
      throw new AuditStoreException("audit store: " + operation + " failed", e);
    }
  }

  final <T> T transaction(String operation, SqlWork<T> work) {
    return run(
        operation,
        c -> {
          boolean auto = c.getAutoCommit();
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            try {
              c.rollback();
            } catch (SQLException r) {
              e.addSuppressed(r);
            }
            throw e;
          } finally {
            restore(c, auto);
          }
        });
  }

  private static void restore(Connection c, boolean auto) {
    try {
      c.setAutoCommit(auto);
    } catch (SQLException e) {
      // The connection is broken; whoever uses it next will find out.
    }
  }

  @Override
  public void append(List<AuditRecord> records, @Nullable Checkpoint checkpoint) {
    if (records.isEmpty() && checkpoint == null) {
      return;
    }
    transaction(
        "append",
        c -> {
          if (!records.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(RecordRows.INSERT_RECORD)) {
              for (AuditRecord r : records) {
                RecordRows.bind(s, r);
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          if (checkpoint != null) {
            try (PreparedStatement s = c.prepareStatement(RecordRows.INSERT_CHECKPOINT)) {
              RecordRows.bind(s, checkpoint);
              s.executeUpdate();
            }
          }
          return true;
        });
  }

  @Override
  public Optional<ChainHead> head(String nodeId) {
    return run(
        "head",
        c -> {
          ChainHead record = null;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT seq, hash FROM audit_record WHERE node_id = ? ORDER BY seq DESC LIMIT 1")) {
            s.setString(1, nodeId);
            try (ResultSet rs = s.executeQuery()) {
              if (rs.next()) {
                record = new ChainHead(nodeId, rs.getLong(1), rs.getString(2));
              }
            }
          }
          Optional<Checkpoint> cp = latest(c, nodeId, null);
          if (record != null && (cp.isEmpty() || record.sequence() >= cp.get().sequence())) {
            return Optional.of(record);
          }
          return cp.map(Checkpoint::head);
        });
  }

  @Override
  public List<String> nodes() {
    return run(
        "nodes",
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT node_id FROM audit_record UNION SELECT node_id FROM audit_checkpoint"
                          + " ORDER BY 1");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  @Override
  public List<AuditRecord> records(String nodeId, long fromSequence, int limit) {
    return run(
        "records",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  RECORDS_FROM + " WHERE node_id = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            s.setString(1, nodeId);
            s.setLong(2, fromSequence);
            s.setInt(3, limit);
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(RecordRows.record(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<Checkpoint> checkpoints(String nodeId) {
    return run(
        "checkpoints",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(CHECKPOINTS_FROM + " WHERE node_id = ? ORDER BY seq")) {
            s.setString(1, nodeId);
            List<Checkpoint> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(RecordRows.checkpoint(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint(String nodeId) {
    return run("latest checkpoint", c -> latest(c, nodeId, null));
  }

  @Override
  public Optional<Checkpoint> latestCheckpointBefore(String nodeId, Instant time) {
    return run("latest checkpoint", c -> latest(c, nodeId, time));
  }

  private static Optional<Checkpoint> latest(Connection c, String nodeId, @Nullable Instant before)
      throws SQLException {
    String where = before == null ? "" : " AND time_micros < ?";
    try (PreparedStatement s =
        c.prepareStatement(
            CHECKPOINTS_FROM + " WHERE node_id = ?" + where + " ORDER BY seq DESC LIMIT 1")) {
      s.setString(1, nodeId);
      if (before != null) {
        s.setLong(2, AuditTimes.toMicros(before));
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(RecordRows.checkpoint(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public void query(AuditQuery query, Consumer<AuditRecord> sink) {
    StringBuilder sql = new StringBuilder(RECORDS_FROM).append(" WHERE time_micros >= ?");
    sql.append(" AND time_micros < ?");
    List<String> values = new ArrayList<>();
    filter(sql, values, "tenant", query.tenant());
    filter(sql, values, "principal", query.principal());
    filter(sql, values, "model", query.model());
    sql.append(" ORDER BY time_micros, node_id, seq");
    // In a transaction so that PostgreSQL streams by the fetch size instead of loading it all.
    transaction(
        "query",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setFetchSize(FETCH_SIZE);
            s.setLong(1, AuditTimes.toMicros(query.from()));
            s.setLong(2, AuditTimes.toMicros(query.to()));
            for (int i = 0; i < values.size(); i++) {
              s.setString(3 + i, values.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                sink.accept(RecordRows.record(rs));
              }
            }
          }
          return true;
        });
  }

  private static void filter(
      StringBuilder sql, List<String> values, String column, @Nullable String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      values.add(value);
    }
  }

  @Override
  public long prune(String nodeId, long throughSequence) {
    return transaction(
        "prune",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM audit_checkpoint WHERE node_id = ? AND seq = ?")) {
            s.setString(1, nodeId);
            s.setLong(2, throughSequence);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException(
                    "no checkpoint of node " + nodeId + " at " + throughSequence);
              }
            }
          }
          long deleted;
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM audit_record WHERE node_id = ? AND seq <= ?")) {
            s.setString(1, nodeId);
            s.setLong(2, throughSequence);
            deleted = s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM audit_checkpoint WHERE node_id = ? AND seq < ?")) {
            s.setString(1, nodeId);
            s.setLong(2, throughSequence);
            s.executeUpdate();
          }
          return deleted;
        });
  }

  @Override
  public void check() {
    run(
        "check",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement("SELECT COUNT(*) FROM audit_checkpoint WHERE 1 = 0");
              ResultSet rs = s.executeQuery()) {
            rs.next();
          }
          return true;
        });
  }
}
