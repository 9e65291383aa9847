package io.medulla.audit;

import static io.medulla.audit.AuditFixtures.T0;
import static io.medulla.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.audit.AuditFixtures.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final String NODE = "node-a";
  private final InMemoryAuditStore store = new InMemoryAuditStore();
  private final MutableClock clock = new MutableClock(T0);
  private final CheckpointSigner signer = CheckpointSigner.generate();
  private final AuditLog log =
      AuditLog.builder(store, Runnable::run, NODE)
          .clock(clock.wallClock())
          .signer(signer)
          .checkpointEvery(5)
          .build();

  @Test
  void pruningRemovesWholeOldSegmentsAndTheRestStillVerifies() {
    for (int i = 1; i <= 12; i++) {
      log.append(event(i)).join(); // checkpoints at 5 and 10
    }
    clock.advance(Duration.ofDays(3000));
    for (int i = 13; i <= 14; i++) {
      log.append(event(i)).join();
    }

    List<Retention.Pruned> pruned =
        new Retention(store, log, clock.wallClock(), Retention.DEFAULT_PERIOD, "system")
            .pruneExpired();

    assertThat(pruned).containsExactly(new Retention.Pruned(NODE, 10, 10));
    assertThat(store.records(NODE, 1, 100))
        .extracting(AuditRecord::sequence)
        .containsExactly(11L, 12L, 13L, 14L, 15L);
    AuditRecord audit = store.records(NODE, 15, 1).get(0);
    assertThat(audit.event().action()).isEqualTo("audit.prune");
    assertThat(audit.event().principal()).isEqualTo("system");
    assertThat(audit.event().reason()).contains("node=node-a").contains("through=10");
    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();
    assertThat(report.intact()).as(report.problems().toString()).isTrue();
    assertThat(report.nodes().get(0).firstSequence()).isEqualTo(11);
  }

  @Test
  void nothingYoungerThanThePeriodIsPruned() {
    for (int i = 1; i <= 12; i++) {
      log.append(event(i)).join();
    }
    clock.advance(Duration.ofDays(365));

    List<Retention.Pruned> pruned =
        new Retention(store, log, clock.wallClock(), Retention.DEFAULT_PERIOD, "system")
            .pruneExpired();

    assertThat(pruned).isEmpty();
    assertThat(store.records(NODE, 1, 100)).hasSize(12);
  }

  @Test
  void pruningTwiceKeepsTheChainVerifiable() {
    for (int i = 1; i <= 12; i++) {
      log.append(event(i)).join();
    }
    clock.advance(Duration.ofDays(3000));
    Retention retention = new Retention(store, log, clock.wallClock(), Duration.ofDays(10), "ops");
    retention.pruneExpired();
    for (int i = 0; i < 6; i++) {
      log.append(event(i)).join();
    }
    clock.advance(Duration.ofDays(20));

    retention.pruneExpired();

    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();
    assertThat(report.intact()).isTrue();
    // Checkpoints fell at 5, 10, 15 and 20; the second pruning cut through 15.
    assertThat(report.nodes().get(0).firstSequence()).isEqualTo(16);
  }
}
