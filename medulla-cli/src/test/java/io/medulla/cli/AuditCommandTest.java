package io.medulla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.audit.AuditAction;
import io.medulla.audit.AuditEvent;
import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStore;
import io.medulla.audit.CheckpointSigner;
import io.medulla.audit.jdbc.AuditStores;
import io.medulla.time.WallClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
  private static final Instant LONG_AGO = Instant.parse("2015-06-01T00:00:00Z");

  @TempDir Path dir;
  private String url;
  private Path key;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @BeforeEach
  void writeATrail() {
    url = "jdbc:sqlite:" + dir.resolve("audit.db");
    key = dir.resolve("signing.pem");
    CheckpointSigner signer = CheckpointSigner.loadOrGenerate(key);
    try (AuditStore store = AuditStores.open(url)) {
      AuditLog log =
          AuditLog.builder(store, Runnable::run, "node-a")
              .clock(WallClock.of(Clock.fixed(LONG_AGO, ZoneOffset.UTC)))
              .signer(signer)
              .checkpointEvery(4)
              .build();
      for (int i = 1; i <= 10; i++) {
        log.append(
                AuditEvent.builder(AuditAction.INFER)
                    .tenant(i % 2 == 0 ? "hospital-a" : "hospital-b")
                    .principal("alice")
                    .model("ecg")
                    .requestId("r-" + i)
                    .build())
            .join();
      }
      log.shutdown().join();
    }
  }

  @Test
  void verifyPassesAnIntactTrail() {
    int status = run("audit", "verify", "--store", url, "--public-key", key + ".pub");

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("node-a: 10 records (1..10)")
        .contains("audit trail intact");
  }

  @Test
  void verifyNamesTheFirstBadRecordAndExitsOne() throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE audit_record SET principal = 'mallory' WHERE seq = 3");
    }

    int status = run("audit", "verify", "--store", url, "--public-key", key + ".pub");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).contains("FIRST BAD RECORD node-a/3: RECORD_ALTERED");
  }

  @Test
  void verifyOfAStoreThatCannotBeOpenedExitsTwoWithoutAStackTrace() {
    int status = run("audit", "verify", "--store", "jdbc:mysql://nowhere/db");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("unsupported audit store URL").doesNotContain("at io.");
  }

  @Test
  void exportWritesOneTenantsRecordsAsJsonLinesAndRecordsTheExport() throws Exception {
    Path file = dir.resolve("export.jsonl");

    int status =
        run(
            "audit",
            "export",
            "--store",
            url,
            "--tenant",
            "hospital-a",
            "--from",
            "2015-01-01",
            "--to",
            "2016-01-01",
            "--format",
            "jsonl",
            "--output",
            file.toString());

    assertThat(status).as(err.toString()).isZero();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines)
        .hasSize(5)
        .allSatisfy(l -> assertThat(l).contains("\"tenant\":\"hospital-a\""));
    try (AuditStore store = AuditStores.open(url)) {
      AuditRecord export = store.records(AuditCliSupport.DEFAULT_NODE_ID, 1, 10).get(0);
      assertThat(export.event().action()).isEqualTo("audit.export");
      assertThat(export.event().tenant()).isEqualTo("hospital-a");
    }
  }

  @Test
  void exportWritesCsvToStandardOutput() {
    int status =
        run(
            "audit",
            "export",
            "--store",
            url,
            "--tenant",
            "hospital-b",
            "--from",
            "2015-06-01T00:00:00Z",
            "--to",
            "2015-06-02",
            "--format",
            "csv");

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .hasSize(6)
        .first()
        .asString()
        .startsWith("time,node_id,sequence,");
  }

  @Test
  void pruneDeletesOldSegmentsAndTheTrailStillVerifies() {
    int status = run("audit", "prune", "--store", url, "--older-than", "30");

    assertThat(status).as(err.toString()).isZero();
    // Checkpoints fell at 4, 8 and (at shutdown) 10, all long ago: everything goes but the anchor.
    assertThat(out.toString()).contains("node-a: pruned 10 records through 10");
    out.getBuffer().setLength(0);
    assertThat(run("audit", "verify", "--store", url, "--public-key", key + ".pub")).isZero();
    assertThat(out.toString())
        .contains("node-a: 0 records")
        .contains("medulla-cli: 1 records (1..1)")
        .contains("audit trail intact");
  }
}
