package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.medulla.inference.DataType;
import io.medulla.inference.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class JsonTensorReaderTest {
  private static final JsonFactory FACTORY = new JsonFactory();
  private final JsonTensorReader reader = new JsonTensorReader(16);

  private ByteBuffer read(DataType type, long elements, String json) throws Exception {
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      return reader.read(p, "input 'X'", type, elements).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  @Test
  void integerTypesAcceptTheirWholeRange() throws Exception {
    assertThat(read(DataType.UINT8, 2, "[0,255]").get(1)).isEqualTo((byte) 255);
    assertThat(read(DataType.INT8, 2, "[-128,127]").get(0)).isEqualTo((byte) -128);
    assertThat(read(DataType.UINT16, 1, "[65535]").getShort(0)).isEqualTo((short) -1);
    assertThat(read(DataType.UINT32, 1, "[4294967295]").getInt(0)).isEqualTo(-1);
    assertThat(read(DataType.INT64, 1, "[-9223372036854775808]").getLong(0))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(read(DataType.UINT64, 1, "[18446744073709551615]").getLong(0)).isEqualTo(-1L);
  }

  @Test
  void integersOutsideTheTypeAreRejectedWithIndexAndRange() {
    assertThatThrownBy(() -> read(DataType.UINT8, 3, "[1,2,300]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "input 'X': data[2] is out of range for UINT8 (expected: an integer in [0, 255])");
    assertThatThrownBy(() -> read(DataType.INT8, 1, "[-129]"))
        .hasMessageContaining("data[0] is out of range for INT8");
    assertThatThrownBy(() -> read(DataType.UINT32, 1, "[-1]"))
        .hasMessageContaining("out of range for UINT32");
    assertThatThrownBy(() -> read(DataType.INT32, 1, "[2147483648]"))
        .hasMessageContaining("out of range for INT32");
    assertThatThrownBy(() -> read(DataType.UINT64, 1, "[18446744073709551616]"))
        .hasMessageContaining("out of range for UINT64");
    assertThatThrownBy(() -> read(DataType.INT64, 1, "[100000000000000000000000000]"))
        .hasMessageContaining("out of range for INT64");
  }

  @Test
  void fractionsAreNotIntegers() {
    assertThatThrownBy(() -> read(DataType.INT32, 2, "[1,1.0]"))
        .hasMessage(
            "input 'X': data[1] is not an integer (expected: an integer in [-2147483648,"
                + " 2147483647] for INT32)");
    assertThatThrownBy(() -> read(DataType.UINT8, 1, "[1e2]"))
        .hasMessageContaining("data[0] is not an integer");
  }

  @Test
  void fp32IsParsedFromTheTextWithOneRounding() throws Exception {
    ByteBuffer b = read(DataType.FP32, 3, "[0.1, 16777217, 1.00000005960464477539062501]");
    assertThat(b.getFloat(0)).isEqualTo(0.1f);
    assertThat(b.getFloat(4)).isEqualTo(16777216f);
    // Just above the tie between 1 and the next float: rounds up, where a double would round
    // to the tie first and then to even.
    assertThat(b.getFloat(8)).isEqualTo(Math.nextUp(1f));
  }

  @Test
  void halfFloatsAreConvertedAndRangeChecked() throws Exception {
    assertThat(read(DataType.FP16, 1, "[1.5]").getShort(0)).isEqualTo((short) 0x3e00);
    assertThat(read(DataType.BF16, 1, "[-2]").getShort(0)).isEqualTo((short) 0xc000);
    assertThatThrownBy(() -> read(DataType.FP16, 1, "[65520]"))
        .hasMessage(
            "input 'X': data[0] is out of range for FP16 (expected: a number within +-65504)");
    assertThatThrownBy(() -> read(DataType.FP64, 1, "[1e400]"))
        .hasMessage("input 'X': data[0] is out of range for FP64 (expected: a finite number)");
  }

  @Test
  void nestedAndFlatDataAreTheSame() throws Exception {
    assertThat(read(DataType.INT32, 4, "[[1,2],[3,4]]"))
        .isEqualTo(read(DataType.INT32, 4, "[1,2,3,4]"));
    assertThat(read(DataType.INT32, 1, "7").getInt(0)).isEqualTo(7);
  }

  @Test
  void elementCountMustMatch() {
    assertThatThrownBy(() -> read(DataType.INT32, 3, "[1,2]"))
        .hasMessage("input 'X': data has 2 elements but its shape calls for 3");
    assertThatThrownBy(() -> read(DataType.INT32, 1, "[1,2]"))
        .hasMessage("input 'X': data has more elements than its shape calls for (1)");
  }

  @Test
  void bytesAreLengthPrefixedUtf8() throws Exception {
    ByteBuffer b = read(DataType.BYTES, 2, "[\"é\",\"ab\"]");
    assertThat(b.remaining()).isEqualTo(4 + 2 + 4 + 2);
    assertThat(b.getInt(0)).isEqualTo(2);
    assertThatThrownBy(() -> read(DataType.BYTES, 1, "[\"" + "x".repeat(17) + "\"]"))
        .hasMessage("input 'X': data[0] is longer than 16 bytes (limit: maxStringBytes)");
  }
}
