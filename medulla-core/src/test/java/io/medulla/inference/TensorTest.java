package io.medulla.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void fixedSizeDataMustMatchTheShapeExactly() {
    assertThatThrownBy(
            () -> Tensor.of("INPUT0", DataType.INT32, Shape.of(1, 16), ByteBuffer.allocate(60)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("INPUT0")
        .hasMessageContaining("60 bytes")
        .hasMessageContaining("expected: 64 bytes");
  }

  @Test
  void bytesTensorCountsItsLengthPrefixedElements() {
    Tensor t = Tensors.ofStrings("S", Shape.of(2), "hello", "");
    assertThat(t.elementCount()).isEqualTo(2);
    assertThat(Tensors.toStrings(t)).containsExactly("hello", "");
  }

  @Test
  void bytesElementRunningPastTheEndIsRejected() {
    ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(100).put((byte) 1);
    b.flip();
    assertThatThrownBy(() -> Tensor.of("S", DataType.BYTES, Shape.of(1), b))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("declares 100 bytes");
  }

  @Test
  void overflowingShapeIsRejectedWithoutAllocating() {
    assertThatThrownBy(
            () ->
                Tensor.of(
                    "X", DataType.FP64, Shape.of(Long.MAX_VALUE / 2, 4), ByteBuffer.allocate(0)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void toStringNeverShowsData() {
    Tensor t = Tensors.ofStrings("S", Shape.of(1), "PHI-CANARY-123");
    assertThat(t.toString()).doesNotContain("CANARY");
  }

  @Test
  void dataTypeNamesRoundTripBothNamingSchemes() {
    for (DataType d : DataType.values()) {
      assertThat(DataType.fromWireName(d.wireName())).contains(d);
      assertThat(DataType.fromConfigName(d.configName())).contains(d);
    }
    assertThat(DataType.fromConfigName("TYPE_STRING")).contains(DataType.BYTES);
    assertThat(DataType.fromWireName("FLOAT")).isEmpty();
  }

  @Test
  void shapeAcceptsConcreteShapesThatMatchItsWildcards() {
    Shape spec = Shape.of(-1, 16);
    assertThat(spec.accepts(Shape.of(4, 16))).isTrue();
    assertThat(spec.accepts(Shape.of(4, 15))).isFalse();
    assertThat(spec.accepts(Shape.of(16))).isFalse();
    assertThat(Shape.of(List.of(2L, 3L)).elementCount()).hasValue(6);
  }
}
