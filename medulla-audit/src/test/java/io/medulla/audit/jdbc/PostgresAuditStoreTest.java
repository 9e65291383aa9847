package io.medulla.audit.jdbc;

import static io.medulla.audit.jdbc.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditVerifier;
import io.medulla.audit.VerificationReport;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real PostgreSQL at 127.0.0.1:5432 (database {@code test}, user {@code
 * postgres}), each test in a schema of its own that is dropped afterwards. Skipped only when no
 * server answers there.
 */
class PostgresAuditStoreTest extends AuditStoreContract {
  private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private final String schema =
      "audit_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

  @BeforeAll
  static void serverIsReachable() {
    DriverManager.setLoginTimeout(3);
    boolean reachable;
    try (Connection c = DriverManager.getConnection(BASE)) {
      reachable = c.isValid(3);
    } catch (SQLException e) {
      reachable = false;
    }
    assumeTrue(reachable, "no PostgreSQL at 127.0.0.1:5432: PostgreSQL cases skipped");
  }

  private String url() {
    return BASE + "&currentSchema=" + schema;
  }

  @Override
  AuditStore openStore() {
    return AuditStores.open(url());
  }

  @AfterEach
  void dropSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void severalNodesWriteTheirOwnChainsIntoOneDatabaseAtOnce() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(3);
    List<AuditStore> stores = new ArrayList<>();
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        AuditStore own = PostgresAuditStore.open(url());
        stores.add(own);
        AuditLog log =
            AuditLog.builder(own, writers, "node-" + n).signer(signer).checkpointEvery(10).build();
        for (int i = 1; i <= 40; i++) {
          all.add(log.append(event(i)));
        }
        all.add(log.shutdown());
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      writers.shutdown();
      stores.forEach(AuditStore::close);
    }

    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();

    assertThat(report.intact()).as(report.problems().toString()).isTrue();
    assertThat(report.nodes()).hasSize(3).allSatisfy(n -> assertThat(n.records()).isEqualTo(40));
  }

  @Test
  void theSchemaComesFromTheUrl() {
    assertThat(PostgresAuditStore.schemaOf(url())).isEqualTo(schema);
    assertThat(PostgresAuditStore.schemaOf(BASE)).isNull();
  }
}
