package io.medulla.audit;

import static io.medulla.audit.AuditFixtures.T0;
import static io.medulla.audit.AuditFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  @Test
  void eachRecordLinksToTheHashOfTheOneBefore() {
    AuditChain chain = new AuditChain(ChainHead.genesis("node-a"));
    AuditRecord first = chain.append(event(1), T0);
    AuditRecord second = chain.append(event(2), T0);

    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo(ChainHead.GENESIS_HASH);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.prevHash()).isEqualTo(first.hash());
    assertThat(chain.head()).isEqualTo(second.head());
    assertThat(first.hasValidHash()).isTrue();
    assertThat(second.hasValidHash()).isTrue();
  }

  @Test
  void aResumedChainContinuesWhereTheHeadWas() {
    AuditChain chain = new AuditChain(ChainHead.genesis("node-a"));
    chain.append(event(1), T0);
    ChainHead head = chain.append(event(2), T0).head();

    AuditRecord next = new AuditChain(head).append(event(3), T0);

    assertThat(next.sequence()).isEqualTo(3);
    assertThat(next.prevHash()).isEqualTo(head.hash());
  }

  @Test
  void theEncodingIsDeterministicAndTheHashIsItsSha256() {
    AuditRecord a = AuditRecord.sealed("node-a", 1, T0, event(1), ChainHead.GENESIS_HASH);
    AuditRecord b = AuditRecord.sealed("node-a", 1, T0, event(1), ChainHead.GENESIS_HASH);

    assertThat(a.canonicalBytes()).isEqualTo(b.canonicalBytes());
    assertThat(a.hash()).isEqualTo(Hex.sha256(a.canonicalBytes())).isEqualTo(b.hash());
  }

  @Test
  void changingAnyEventFieldChangesTheHash() throws Exception {
    AuditEvent base = event(1);
    Set<String> hashes = new HashSet<>();
    hashes.add(AuditRecord.sealed("n", 1, T0, base, ChainHead.GENESIS_HASH).hash());
    for (RecordComponent c : AuditEvent.class.getRecordComponents()) {
      AuditEvent changed = Tampering.withField(base, c.getName());
      hashes.add(AuditRecord.sealed("n", 1, T0, changed, ChainHead.GENESIS_HASH).hash());
    }
    assertThat(hashes).hasSize(AuditEvent.class.getRecordComponents().length + 1);
  }

  @Test
  void fieldBoundariesCannotBeShifted() {
    // "ab" + "c" and "a" + "bc" must not encode alike: values are length-prefixed.
    AuditEvent one = AuditEvent.builder(AuditAction.INFER).tenant("ab").principal("c").build();
    AuditEvent two = AuditEvent.builder(AuditAction.INFER).tenant("a").principal("bc").build();
    assertThat(
            Arrays.equals(
                AuditRecord.sealed("n", 1, T0, one, ChainHead.GENESIS_HASH).canonicalBytes(),
                AuditRecord.sealed("n", 1, T0, two, ChainHead.GENESIS_HASH).canonicalBytes()))
        .isFalse();
  }

  @Test
  void timesKeepMicroseconds() {
    AuditRecord r = AuditRecord.sealed("n", 1, T0.plusNanos(999), event(1), ChainHead.GENESIS_HASH);
    assertThat(r.time()).isEqualTo(T0);
  }

  @Test
  void nodeIdsAreNamesNotPaths() {
    assertThatThrownBy(() -> ChainHead.genesis("../etc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChainHead.genesis("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChainHead.genesis("node-1.eu:a_b").sequence()).isZero();
  }
}
