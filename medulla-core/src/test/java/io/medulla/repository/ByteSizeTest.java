package io.medulla.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "123, 123",
    "1KB, 1000",
    "1kb, 1000",
    "3 MB, 3000000",
    "2GB, 2000000000",
    "1TB, 1000000000000",
    "1KiB, 1024",
    "1kib, 1024",
    "512MiB, 536870912",
    "2 GiB, 2147483648",
    "1TIB, 1099511627776",
    "' 7 mib ', 7340032",
    "9223372036854775807, 9223372036854775807"
  })
  void parsesDigitsWithDecimalAndBinaryUnits(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "GiB", "-1", "1.5GB", "1 PB", "12 bytes", "0x10", "1 G i B"})
  void refusesAnythingElseNamingTheValue(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "byte size '"
                + text
                + "' is not a byte size (expected: a whole number of bytes, optionally followed by"
                + " KB, MB, GB, TB, KiB, MiB, GiB or TiB)");
  }

  @Test
  void refusesSizesBeyondALong() {
    assertThatThrownBy(() -> ByteSize.parse("9223372036854775808"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("byte size '9223372036854775808' is too large");
    assertThatThrownBy(() -> ByteSize.parse("9000000 TiB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("byte size '9000000 TiB' is too large");
  }
}
