-- The audit trail: one chain of records per node, and the signed checkpoints of each chain.
-- Portable SQL: the same migration runs on SQLite and PostgreSQL. Times are microseconds since
-- the epoch (UTC) so that a record read back hashes exactly as it was written.

CREATE TABLE audit_record (
  node_id            VARCHAR(128) NOT NULL,
  seq                BIGINT       NOT NULL,
  time_micros        BIGINT       NOT NULL,
  action             TEXT         NOT NULL,
  tenant             TEXT         NOT NULL,
  principal          TEXT         NOT NULL,
  role               TEXT         NOT NULL,
  client_address     TEXT         NOT NULL,
  break_glass        BOOLEAN      NOT NULL,
  break_glass_reason TEXT         NOT NULL,
  request_id         TEXT         NOT NULL,
  model              TEXT         NOT NULL,
  model_version      TEXT         NOT NULL,
  model_sha256       TEXT         NOT NULL,
  priority           INTEGER      NOT NULL,
  status             TEXT         NOT NULL,
  reason             TEXT         NOT NULL,
  queue_nanos        BIGINT       NOT NULL,
  compute_nanos      BIGINT       NOT NULL,
  total_nanos        BIGINT       NOT NULL,
  batch_id           TEXT         NOT NULL,
  batch_shared       BOOLEAN      NOT NULL,
  input_digest       TEXT         NOT NULL,
  output_digest      TEXT         NOT NULL,
  prev_hash          TEXT         NOT NULL,
  hash               TEXT         NOT NULL,
  PRIMARY KEY (node_id, seq)
);

CREATE INDEX audit_record_time ON audit_record (time_micros);
CREATE INDEX audit_record_tenant_time ON audit_record (tenant, time_micros);
CREATE INDEX audit_record_principal_time ON audit_record (principal, time_micros);
CREATE INDEX audit_record_model_time ON audit_record (model, time_micros);

CREATE TABLE audit_checkpoint (
  node_id     VARCHAR(128) NOT NULL,
  seq         BIGINT       NOT NULL,
  head_hash   TEXT         NOT NULL,
  time_micros BIGINT       NOT NULL,
  public_key  TEXT         NOT NULL,
  signature   TEXT         NOT NULL,
  PRIMARY KEY (node_id, seq)
);

CREATE INDEX audit_checkpoint_node_time ON audit_checkpoint (node_id, time_micros);
