package io.medulla.audit.jdbc;

import io.medulla.audit.AuditEvent;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditTimes;
import io.medulla.audit.Checkpoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps records and checkpoints to rows and back: the one place that knows the columns. */
final class RecordRows {
  static final String RECORD_COLUMNS =
      "node_id, seq, time_micros, action, tenant, principal, role, client_address, break_glass,"
          + " break_glass_reason, request_id, model, model_version, model_sha256, priority,"
          + " status, reason, queue_nanos, compute_nanos, total_nanos, batch_id, batch_shared,"
          + " input_digest, output_digest, prev_hash, hash";
  static final String INSERT_RECORD =
      "INSERT INTO audit_record ("
          + RECORD_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String CHECKPOINT_COLUMNS =
      "node_id, seq, head_hash, time_micros, public_key, signature";
  static final String INSERT_CHECKPOINT =
      "INSERT INTO audit_checkpoint (" + CHECKPOINT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";

  private RecordRows() {}

  static void bind(PreparedStatement s, AuditRecord r) throws SQLException {
    AuditEvent e = r.event();
    int i = 1;
    s.setString(i++, r.nodeId());
    s.setLong(i++, r.sequence());
    s.setLong(i++, AuditTimes.toMicros(r.time()));
    s.setString(i++, e.action());
    s.setString(i++, e.tenant());
    s.setString(i++, e.principal());
    s.setString(i++, e.role());
    s.setString(i++, e.clientAddress());
    s.setBoolean(i++, e.breakGlass());
    s.setString(i++, e.breakGlassReason());
    s.setString(i++, e.requestId());
    s.setString(i++, e.model());
    s.setString(i++, e.version());
    s.setString(i++, e.modelSha256());
    s.setInt(i++, e.priority());
    s.setString(i++, e.status());
    s.setString(i++, e.reason());
    s.setLong(i++, e.queueNanos());
    s.setLong(i++, e.computeNanos());
    s.setLong(i++, e.totalNanos());
    s.setString(i++, e.batchId());
    s.setBoolean(i++, e.batchShared());
    s.setString(i++, e.inputDigest());
    s.setString(i++, e.outputDigest());
    s.setString(i++, r.prevHash());
    s.setString(i, r.hash());
  }

  static AuditRecord record(ResultSet rs) throws SQLException {
    AuditEvent e =
        new AuditEvent(
            rs.getString("action"),
            rs.getString("tenant"),
            rs.getString("principal"),
            rs.getString("role"),
            rs.getString("client_address"),
            rs.getBoolean("break_glass"),
            rs.getString("break_glass_reason"),
            rs.getString("request_id"),
            rs.getString("model"),
            rs.getString("model_version"),
            rs.getString("model_sha256"),
            rs.getInt("priority"),
            rs.getString("status"),
            rs.getString("reason"),
            rs.getLong("queue_nanos"),
            rs.getLong("compute_nanos"),
            rs.getLong("total_nanos"),
            rs.getString("batch_id"),
            rs.getBoolean("batch_shared"),
            rs.getString("input_digest"),
            rs.getString("output_digest"));
    return new AuditRecord(
        rs.getString("node_id"),
        rs.getLong("seq"),
        AuditTimes.fromMicros(rs.getLong("time_micros")),
        e,
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  static void bind(PreparedStatement s, Checkpoint cp) throws SQLException {
    s.setString(1, cp.nodeId());
    s.setLong(2, cp.sequence());
    s.setString(3, cp.headHash());
    s.setLong(4, AuditTimes.toMicros(cp.time()));
    s.setString(5, cp.publicKey());
    s.setString(6, cp.signature());
  }

  static Checkpoint checkpoint(ResultSet rs) throws SQLException {
    return new Checkpoint(
        rs.getString("node_id"),
        rs.getLong("seq"),
        rs.getString("head_hash"),
        AuditTimes.fromMicros(rs.getLong("time_micros")),
        rs.getString("public_key"),
        rs.getString("signature"));
  }
}
