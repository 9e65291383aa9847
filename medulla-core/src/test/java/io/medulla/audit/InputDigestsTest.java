package io.medulla.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputDigestsTest {
  private static final TenantId A = new TenantId("hospital-a");
  private static final TenantId B = new TenantId("hospital-b");
  private final byte[] secret = new byte[32];
  private final InputDigests digests;

  InputDigestsTest() {
    Arrays.fill(secret, (byte) 7);
    digests = InputDigests.of(secret);
  }

  private static Tensor tensor(String name, int... values) {
    byte[] data = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = (byte) values[i];
    }
    return Tensor.of(name, DataType.UINT8, Shape.of(data.length), ByteBuffer.wrap(data));
  }

  @Test
  void theSameTensorsUnderTheSameTenantGiveTheSameDigest() {
    String one = digests.digest(A, List.of(tensor("x", 1, 2, 3)));
    String two = InputDigests.of(secret).digest(A, List.of(tensor("x", 1, 2, 3)));

    assertThat(one).isEqualTo(two).hasSize(64);
  }

  @Test
  void eachTenantHasItsOwnKey() {
    assertThat(digests.digest(A, List.of(tensor("x", 1))))
        .isNotEqualTo(digests.digest(B, List.of(tensor("x", 1))));
  }

  @Test
  void anyChangeToNamesShapesOrBytesChangesTheDigest() {
    String base = digests.digest(A, List.of(tensor("x", 1, 2)));

    assertThat(digests.digest(A, List.of(tensor("x", 1, 3)))).isNotEqualTo(base);
    assertThat(digests.digest(A, List.of(tensor("y", 1, 2)))).isNotEqualTo(base);
    assertThat(
            digests.digest(
                A,
                List.of(
                    Tensor.of(
                        "x", DataType.UINT8, Shape.of(1, 2), ByteBuffer.wrap(new byte[] {1, 2})))))
        .isNotEqualTo(base);
    assertThat(
            digests.digest(
                A,
                List.of(
                    Tensor.of(
                        "x", DataType.INT8, Shape.of(2), ByteBuffer.wrap(new byte[] {1, 2})))))
        .isNotEqualTo(base);
  }

  @Test
  void theOrderTensorsWereSentInDoesNotMatter() {
    assertThat(digests.digest(A, List.of(tensor("a", 1), tensor("b", 2))))
        .isEqualTo(digests.digest(A, List.of(tensor("b", 2), tensor("a", 1))));
  }

  @Test
  void aDigestIsNotAPlainHash() {
    byte[] data = {1, 2, 3};
    assertThat(digests.digest(A, List.of(tensor("x", 1, 2, 3)))).isNotEqualTo(Hex.sha256(data));
    assertThat(InputDigests.of(new byte[32]).digest(A, List.of(tensor("x", 1, 2, 3))))
        .isNotEqualTo(digests.digest(A, List.of(tensor("x", 1, 2, 3))));
  }

  @Test
  void shortSecretsAreRefused() {
    assertThatThrownBy(() -> InputDigests.of(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32");
  }

  @Test
  void theEmbeddedDefaultGeneratesAnOwnerOnlySecretOnceAndKeepsIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("keys/audit.secret");

    InputDigests first = InputDigests.loadOrGenerate(file);
    InputDigests again = InputDigests.loadOrGenerate(file);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(again.digest(A, List.of(tensor("x", 1))))
        .isEqualTo(first.digest(A, List.of(tensor("x", 1))));
    assertThat(first.toString()).doesNotContain(Files.readString(file).trim());
  }
}
