package io.medulla.protocol.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.protocol.grpc.proto.InferTensorContents;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TypedContentsTest {
  private static byte[] bytes(Tensor t) {
    ByteBuffer b = t.data();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static Tensor decode(DataType type, int count, InferTensorContents.Builder c) {
    return TypedContents.decode("t", type, Shape.of(count), c.build());
  }

  @Test
  void boolsBecomeOneBytePerElement() {
    Tensor t =
        decode(
            DataType.BOOL,
            3,
            InferTensorContents.newBuilder()
                .addBoolContents(true)
                .addBoolContents(false)
                .addBoolContents(true));

    assertThat(bytes(t)).containsExactly(1, 0, 1);
  }

  @Test
  void narrowSignedIntegersAreStoredLittleEndian() {
    assertThat(
            bytes(
                decode(
                    DataType.INT8,
                    2,
                    InferTensorContents.newBuilder().addIntContents(-1).addIntContents(127))))
        .containsExactly(-1, 127);
    assertThat(
            bytes(
                decode(DataType.INT16, 1, InferTensorContents.newBuilder().addIntContents(0x0102))))
        .containsExactly(2, 1);
  }

  @Test
  void unsignedIntegersUseTheirFullRange() {
    assertThat(
            bytes(decode(DataType.UINT8, 1, InferTensorContents.newBuilder().addUintContents(255))))
        .containsExactly(-1);
    assertThat(
            bytes(
                decode(
                    DataType.UINT16, 1, InferTensorContents.newBuilder().addUintContents(0xFFFF))))
        .containsExactly(-1, -1);
    assertThat(
            bytes(decode(DataType.UINT32, 1, InferTensorContents.newBuilder().addUintContents(-1))))
        .containsExactly(-1, -1, -1, -1);
    assertThat(
            decode(DataType.UINT64, 1, InferTensorContents.newBuilder().addUint64Contents(-1L))
                .byteSize())
        .isEqualTo(8);
  }

  @Test
  void wideTypesHaveTheirByteSizes() {
    assertThat(
            decode(
                    DataType.INT64,
                    2,
                    InferTensorContents.newBuilder().addInt64Contents(1).addInt64Contents(2))
                .data()
                .getLong(8))
        .isEqualTo(2);
    assertThat(
            decode(DataType.FP64, 1, InferTensorContents.newBuilder().addFp64Contents(0.25))
                .data()
                .getDouble(0))
        .isEqualTo(0.25);
  }

  @Test
  void unsignedValuesAboveTheTypeAreRejected() {
    assertThatThrownBy(
            () -> decode(DataType.UINT8, 1, InferTensorContents.newBuilder().addUintContents(256)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'t'")
        .hasMessageContaining("0 to 255");
  }

  @Test
  void bf16MustBeSentRaw() {
    assertThatThrownBy(() -> decode(DataType.BF16, 0, InferTensorContents.newBuilder()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("raw_input_contents");
  }

  @Test
  void zeroElementTensorsNeedNoContents() {
    assertThat(decode(DataType.FP32, 0, InferTensorContents.newBuilder()).byteSize()).isZero();
  }
}
