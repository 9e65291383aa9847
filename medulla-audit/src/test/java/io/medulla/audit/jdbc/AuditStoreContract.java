package io.medulla.audit.jdbc;

import static io.medulla.audit.jdbc.Events.T0;
import static io.medulla.audit.jdbc.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.audit.AuditChain;
import io.medulla.audit.AuditLog;
import io.medulla.audit.AuditQuery;
import io.medulla.audit.AuditRecord;
import io.medulla.audit.AuditStore;
import io.medulla.audit.AuditStoreException;
import io.medulla.audit.AuditVerifier;
import io.medulla.audit.ChainHead;
import io.medulla.audit.Checkpoint;
import io.medulla.audit.CheckpointSigner;
import io.medulla.audit.VerificationReport;
import io.medulla.time.WallClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AuditStore} must do. Each implementation's test extends this and says how to
 * open a fresh, empty store.
 */
abstract class AuditStoreContract {
  static final String NODE = "node-a";
  final CheckpointSigner signer = CheckpointSigner.generate();
  AuditStore store;

  /** Returns a new, empty store. */
  abstract AuditStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** Returns records 1..n of {@code node}, timed a second apart from T0. */
  static List<AuditRecord> chain(String node, int n) {
    AuditChain c = new AuditChain(ChainHead.genesis(node));
    List<AuditRecord> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(c.append(event(i), T0.plusSeconds(i)));
    }
    return out;
  }

  @Test
  void recordsReadBackExactlyAsWritten() {
    List<AuditRecord> records = chain(NODE, 10);
    store.append(records, null);

    List<AuditRecord> read = store.records(NODE, 1, 100);

    assertThat(read).isEqualTo(records);
    assertThat(read).allSatisfy(r -> assertThat(r.hasValidHash()).isTrue());
  }

  @Test
  void aGroupIsWrittenWholeOrNotAtAll() {
    List<AuditRecord> records = chain(NODE, 4);
    store.append(records.subList(0, 2), null);

    assertThatThrownBy(() -> store.append(List.of(records.get(2), records.get(1)), null))
        .isInstanceOf(AuditStoreException.class);

    assertThat(store.records(NODE, 1, 100)).hasSize(2);
    store.append(records.subList(2, 4), null);
    assertThat(store.records(NODE, 1, 100)).isEqualTo(records);
  }

  @Test
  void aCheckpointIsWrittenWithItsGroup() {
    List<AuditRecord> records = chain(NODE, 5);
    Checkpoint cp = signer.sign(records.get(4).head(), T0.plusSeconds(6));

    store.append(records, cp);

    assertThat(store.checkpoints(NODE)).containsExactly(cp);
    assertThat(store.latestCheckpoint(NODE)).contains(cp);
    assertThat(store.checkpoints(NODE).get(0).isSignedBy(signer.publicKey())).isTrue();
    assertThat(store.latestCheckpointBefore(NODE, T0.plusSeconds(6))).isEmpty();
    assertThat(store.latestCheckpointBefore(NODE, T0.plusSeconds(7))).contains(cp);
  }

  @Test
  void theHeadIsTheLastRecordOfTheNodesChain() {
    assertThat(store.head(NODE)).isEmpty();
    List<AuditRecord> records = chain(NODE, 3);
    store.append(records, null);

    assertThat(store.head(NODE)).contains(records.get(2).head());
  }

  @Test
  void eachNodeKeepsItsOwnChain() {
    List<AuditRecord> a = chain("node-a", 3);
    List<AuditRecord> b = chain("node-b", 2);
    store.append(a, null);
    store.append(b, null);

    assertThat(store.nodes()).containsExactly("node-a", "node-b");
    assertThat(store.records("node-b", 1, 100)).isEqualTo(b);
    assertThat(store.head("node-a")).contains(a.get(2).head());
  }

  @Test
  void recordsArePagedBySequence() {
    store.append(chain(NODE, 10), null);

    assertThat(store.records(NODE, 4, 3))
        .extracting(AuditRecord::sequence)
        .containsExactly(4L, 5L, 6L);
    assertThat(store.records(NODE, 11, 3)).isEmpty();
  }

  @Test
  void queriesFilterByTenantPrincipalModelAndTime() {
    store.append(chain(NODE, 12), null);
    store.append(chain("node-b", 2), null);

    List<AuditRecord> tenant0 = new ArrayList<>();
    store.query(AuditQuery.tenant("tenant-0", T0.plusSeconds(2), T0.plusSeconds(8)), tenant0::add);
    List<AuditRecord> narrow = new ArrayList<>();
    store.query(
        new AuditQuery("tenant-0", "principal-1", "chest-xray", T0, T0.plusSeconds(100)),
        narrow::add);

    assertThat(tenant0)
        .extracting(r -> r.label())
        .containsExactly("node-a/2", "node-b/2", "node-a/4", "node-a/6");
    assertThat(narrow).extracting(r -> r.label()).containsExactly("node-a/4", "node-a/10");
  }

  @Test
  void pruningDeletesThroughACheckpointAndKeepsItAsTheAnchor() {
    List<AuditRecord> records = chain(NODE, 10);
    store.append(records.subList(0, 4), signer.sign(records.get(3).head(), T0));
    store.append(records.subList(4, 8), signer.sign(records.get(7).head(), T0));
    store.append(records.subList(8, 10), null);

    long deleted = store.prune(NODE, 8);

    assertThat(deleted).isEqualTo(8);
    assertThat(store.records(NODE, 1, 100))
        .extracting(AuditRecord::sequence)
        .containsExactly(9L, 10L);
    assertThat(store.checkpoints(NODE)).extracting(Checkpoint::sequence).containsExactly(8L);
    assertThat(new AuditVerifier(store, signer.publicKey()).verify().intact()).isTrue();
    assertThatThrownBy(() -> store.prune(NODE, 9)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void afterPruningEveryRecordTheAnchorIsTheHead() {
    List<AuditRecord> records = chain(NODE, 4);
    Checkpoint cp = signer.sign(records.get(3).head(), T0);
    store.append(records, cp);

    store.prune(NODE, 4);

    assertThat(store.head(NODE)).contains(cp.head());
    assertThat(store.nodes()).containsExactly(NODE);
  }

  @Test
  void aLogWritesChainsTheVerifierAcceptsAcrossRestarts() {
    WallClock clock = WallClock.of(Clock.fixed(T0, ZoneOffset.UTC));
    AuditLog first =
        AuditLog.builder(store, Runnable::run, NODE)
            .clock(clock)
            .signer(signer)
            .checkpointEvery(3)
            .build();
    for (int i = 1; i <= 7; i++) {
      first.append(event(i)).join();
    }
    first.shutdown().join();
    AuditLog second =
        AuditLog.builder(store, Runnable::run, NODE).clock(clock).signer(signer).build();
    second.append(event(8)).join();

    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();

    assertThat(report.intact()).as(report.problems().toString()).isTrue();
    assertThat(report.nodes().get(0).lastSequence()).isEqualTo(8);
    assertThat(report.nodes().get(0).lastCheckpointSequence()).isEqualTo(7);
  }

  @Test
  void aHealthyStorePassesItsCheck() {
    store.check();
    Optional<ChainHead> none = store.head("never-wrote");
    assertThat(none).isEmpty();
    assertThat(Duration.ZERO).isZero();
  }

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }
}
