package io.medulla.audit;

import static io.medulla.audit.AuditFixtures.T0;
import static io.medulla.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuditVerifierTest {
  private static final String NODE = "node-a";
  private final CheckpointSigner signer = CheckpointSigner.generate();
  private final InMemoryAuditStore store = new InMemoryAuditStore();

  /** Writes {@code n} records on NODE, a checkpoint after every {@code every}-th. */
  private void write(int n, int every) {
    AuditChain chain = new AuditChain(store.head(NODE).orElse(ChainHead.genesis(NODE)));
    for (int i = 1; i <= n; i++) {
      AuditRecord r = chain.append(event(i), T0.plusSeconds(i));
      Checkpoint cp = r.sequence() % every == 0 ? signer.sign(r.head(), T0.plusSeconds(i)) : null;
      store.append(List.of(r), cp);
    }
  }

  private AuditRecord stored(long seq) {
    return store.records(NODE, seq, 1).get(0);
  }

  private AuditProblem problem() {
    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();
    assertThat(report.intact()).as("verification finds the tampering").isFalse();
    return report.firstProblem().orElseThrow();
  }

  @Test
  void anUntouchedChainVerifies() {
    write(12, 5);

    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();

    assertThat(report.intact()).isTrue();
    VerificationReport.NodeSummary node = report.nodes().get(0);
    assertThat(node.records()).isEqualTo(12);
    assertThat(node.firstSequence()).isEqualTo(1);
    assertThat(node.lastSequence()).isEqualTo(12);
    assertThat(node.checkpoints()).isEqualTo(2);
    assertThat(node.lastCheckpointSequence()).isEqualTo(10);
    assertThat(node.unsignedRecords()).isEqualTo(2);
    assertThat(node.keyIds()).containsExactly(signer.keyId());
  }

  static Stream<String> fields() {
    List<String> names = new ArrayList<>(List.of("time", "prevHash"));
    for (RecordComponent c : AuditEvent.class.getRecordComponents()) {
      names.add(c.getName());
    }
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("fields")
  void changingAnyFieldNamesThatRecord(String field) {
    write(12, 5);
    store.overwrite(Tampering.withField(stored(7), field));

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.RECORD_ALTERED);
    assertThat(p.label()).isEqualTo("node-a/7");
  }

  @Test
  void aRewrittenRecordWithAFreshHashBreaksTheNextLink() {
    write(12, 5);
    AuditRecord r = stored(7);
    store.overwrite(
        AuditRecord.sealed(
            NODE, 7, r.time(), Tampering.withField(r.event(), "status"), r.prevHash()));

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.BROKEN_LINK);
    assertThat(p.sequence()).isEqualTo(7);
    assertThat(p.message()).contains("node-a/8").contains("node-a/7");
  }

  @Test
  void aDeletedRecordIsAGap() {
    write(12, 5);
    store.delete(NODE, 7);

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.MISSING_RECORDS);
    assertThat(p.sequence()).isEqualTo(7);
  }

  @Test
  void reorderedRecordsAreDetected() {
    write(12, 5);
    AuditRecord six = stored(6);
    AuditRecord seven = stored(7);
    // Swap their places: each keeps its contents and hash but takes the other's sequence.
    store.overwrite(
        new AuditRecord(NODE, 6, seven.time(), seven.event(), seven.prevHash(), seven.hash()));
    store.overwrite(new AuditRecord(NODE, 7, six.time(), six.event(), six.prevHash(), six.hash()));

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.RECORD_ALTERED);
    assertThat(p.sequence()).isEqualTo(6);
  }

  @Test
  void cuttingOffSignedRecordsIsTruncation() {
    write(12, 5);
    for (long s = 9; s <= 12; s++) {
      store.delete(NODE, s);
    }

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.TRUNCATED);
    assertThat(p.sequence()).isEqualTo(9);
    assertThat(p.message()).contains("node-a/10");
  }

  @Test
  void deletingTheStartWithoutAnAnchorIsDetected() {
    write(12, 5);
    store.delete(NODE, 1);
    store.delete(NODE, 2);

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.UNANCHORED_START);
    assertThat(p.sequence()).isEqualTo(1);
  }

  @Test
  void rewritingTheWholeTailIsCaughtByTheCheckpoint() {
    write(12, 5);
    // Re-chain records 3..12 consistently, as someone without the signing key could.
    AuditChain forged = new AuditChain(stored(2).head());
    for (long s = 3; s <= 12; s++) {
      AuditRecord r = stored(s);
      store.overwrite(forged.append(Tampering.withField(r.event(), "principal"), r.time()));
    }

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.CHECKPOINT_MISMATCH);
    assertThat(p.sequence()).isEqualTo(1);
    assertThat(p.message()).contains("node-a/5");
  }

  @Test
  void aForgedSignatureIsDetected() {
    write(12, 5);
    Checkpoint cp = store.checkpoints(NODE).get(0);
    Checkpoint other = signer.sign(stored(4).head(), cp.time());
    store.overwriteCheckpoint(
        new Checkpoint(
            NODE, cp.sequence(), cp.headHash(), cp.time(), cp.publicKey(), other.signature()));

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.BAD_SIGNATURE);
    assertThat(p.sequence()).isEqualTo(5);
  }

  @Test
  void aCheckpointResignedWithAnotherKeyFailsAgainstThePinnedKey() {
    write(12, 5);
    Checkpoint cp = store.checkpoints(NODE).get(1);
    store.overwriteCheckpoint(CheckpointSigner.generate().sign(cp.head(), cp.time()));

    AuditProblem p = problem();

    assertThat(p.kind()).isEqualTo(AuditProblem.Kind.UNTRUSTED_KEY);
    assertThat(p.sequence()).isEqualTo(10);
    // Without a pinned key, the checkpoint's own key is trusted: that is why verifiers pin one.
    assertThat(new AuditVerifier(store, null).verify().intact()).isTrue();
  }

  @Test
  void chainsOfSeveralNodesAreVerifiedApart() {
    write(6, 3);
    AuditChain other = new AuditChain(ChainHead.genesis("node-b"));
    for (int i = 1; i <= 4; i++) {
      store.append(List.of(other.append(event(i), T0)), null);
    }
    store.delete("node-b", 2);

    VerificationReport report = new AuditVerifier(store, signer.publicKey()).verify();

    assertThat(report.nodes())
        .extracting(VerificationReport.NodeSummary::nodeId)
        .containsExactly("node-a", "node-b");
    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.label()).isEqualTo("node-b/2"));
  }
}
