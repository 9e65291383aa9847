package io.medulla.audit.jdbc;

import static io.medulla.audit.jdbc.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.audit.AuditProblem;
import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditVerifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditStoreTest extends AuditStoreContract {
  @TempDir Path dir;

  @Override
  AuditStore openStore() {
    return AuditStores.open("jdbc:sqlite:" + dir.resolve("audit/trail.db"));
  }

  @Test
  void writesAreDurableWhenTheyReturn() throws Exception {
    String mode =
        ((SqliteAuditStore) store)
            .withConnection(
                c -> {
                  try (Statement s = c.createStatement();
                      ResultSet journal = s.executeQuery("PRAGMA journal_mode")) {
                    journal.next();
                    String j = journal.getString(1);
                    try (ResultSet sync = s.executeQuery("PRAGMA synchronous")) {
                      sync.next();
                      return j + "/" + sync.getInt(1);
                    }
                  }
                });

    assertThat(mode).isEqualTo("wal/2"); // 2 = FULL: the commit fsyncs
  }

  @Test
  void anotherProcessCanReadWhileTheStoreIsOpen() {
    store.append(chain(NODE, 3), null);

    try (AuditStore reader = openStore()) {
      assertThat(reader.records(NODE, 1, 10)).hasSize(3);
    }
  }

  @Test
  void anEditMadeWithSqlIsFoundByTheVerifier() throws Exception {
    store.append(chain(NODE, 6), signer.sign(chain(NODE, 6).get(5).head(), T0));
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("audit/trail.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE audit_record SET status = 'OK', reason = '' WHERE seq = 5");
    }

    AuditProblem p =
        new AuditVerifier(store, signer.publicKey()).verify().firstProblem().orElseThrow();

    assertThat(p.label()).isEqualTo("node-a/5");
    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.RECORD_ALTERED);
  }
}
