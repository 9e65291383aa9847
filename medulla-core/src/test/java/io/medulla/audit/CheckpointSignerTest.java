package io.medulla.audit;

import static io.medulla.audit.AuditFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSignerTest {
  private final ChainHead head = new ChainHead("node-a", 42, "ab".repeat(32));

  @Test
  void aSignedCheckpointVerifiesAndAnyChangeBreaksIt() {
    CheckpointSigner signer = CheckpointSigner.generate();
    Checkpoint cp = signer.sign(head, T0);

    assertThat(cp.hasValidSignature()).isTrue();
    assertThat(cp.isSignedBy(signer.publicKey())).isTrue();
    assertThat(cp.keyId()).isEqualTo(signer.keyId());
    Checkpoint moved =
        new Checkpoint("node-a", 43, cp.headHash(), cp.time(), cp.publicKey(), cp.signature());
    assertThat(moved.hasValidSignature()).isFalse();
    assertThat(cp.isSignedBy(CheckpointSigner.generate().publicKey())).isFalse();
  }

  @Test
  void theEmbeddedDefaultGeneratesItsKeyOnceAndSavesThePublicKeyBesideIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("audit-signing.pem");

    CheckpointSigner first = CheckpointSigner.loadOrGenerate(file);
    CheckpointSigner again = CheckpointSigner.loadOrGenerate(file);

    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    Path pub = CheckpointSigner.publicKeyFileOf(file);
    assertThat(CheckpointSigner.readPublicKey(pub)).isEqualTo(first.publicKey());
    assertThat(again.sign(head, T0).isSignedBy(first.publicKey())).isTrue();
    assertThat(first.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void aFileWithoutAPrivateKeyIsRefusedWithoutEchoingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("not-a-key.pem");
    Files.writeString(file, "hello");

    assertThatThrownBy(() -> CheckpointSigner.fromPem(file))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(dir.toString());
  }
}
