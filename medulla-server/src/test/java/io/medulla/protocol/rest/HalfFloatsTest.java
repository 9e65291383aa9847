package io.medulla.protocol.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {
  private static final RandomGenerator RANDOM =
      RandomGeneratorFactory.of("L64X128MixRandom").create(20261128L);

  private static int fp16(double v) {
    return HalfFloats.toFp16(v) & 0xffff;
  }

  private static int bf16(double v) {
    return HalfFloats.toBf16(v) & 0xffff;
  }

  /** Rounds a float to bfloat16, nearest with ties to even: the textbook bit trick. */
  private static int referenceBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
  }

  @Test
  void everyFp16ValueRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.fromFp16((short) bits);
      if (!Float.isNaN(f)) {
        assertThat(fp16(f)).as("0x%04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void everyBf16ValueRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.fromBf16((short) bits);
      if (!Float.isNaN(f)) {
        assertThat(bf16(f)).as("0x%04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void fp16MatchesTheJdkOnRandomFloats() {
    for (int i = 0; i < 200_000; i++) {
      float f = Float.intBitsToFloat(RANDOM.nextInt());
      if (!Float.isNaN(f)) {
        assertThat(fp16(f)).as("%s", f).isEqualTo(Float.floatToFloat16(f) & 0xffff);
      }
    }
  }

  @Test
  void bf16MatchesTheReferenceOnRandomFloats() {
    for (int i = 0; i < 200_000; i++) {
      float f = Float.intBitsToFloat(RANDOM.nextInt());
      if (!Float.isNaN(f)) {
        assertThat(bf16(f)).as("%s", f).isEqualTo(referenceBf16(f));
      }
    }
  }

  @Test
  void tiesRoundToEven() {
    assertThat(fp16(1 + 0x1p-11)).isEqualTo(0x3c00);
    assertThat(fp16(1 + 3 * 0x1p-11)).isEqualTo(0x3c02);
    assertThat(bf16(1 + 0x1p-8)).isEqualTo(0x3f80);
    assertThat(bf16(1 + 3 * 0x1p-8)).isEqualTo(0x3f82);
  }

  @Test
  void doublesRoundOnceNotTwiceThroughFloat() {
    // As a float this is exactly the tie 1 + 2^-11, which would round down to even.
    double justAboveTie = 1 + 0x1p-11 + 0x1p-40;
    assertThat(fp16(justAboveTie)).isEqualTo(0x3c01);
    assertThat(bf16(1 + 0x1p-8 + 0x1p-40)).isEqualTo(0x3f81);
  }

  @Test
  void largeValuesOverflowToInfinity() {
    assertThat(fp16(65504)).isEqualTo(0x7bff);
    assertThat(fp16(65519.99)).isEqualTo(0x7bff);
    assertThat(fp16(65520)).isEqualTo(0x7c00);
    assertThat(fp16(-1e10)).isEqualTo(0xfc00);
    assertThat(bf16(1e39)).isEqualTo(0x7f80);
    assertThat(fp16(Double.POSITIVE_INFINITY)).isEqualTo(0x7c00);
  }

  @Test
  void tinyValuesBecomeSubnormalsOrZero() {
    assertThat(fp16(0x1p-24)).isEqualTo(0x0001);
    assertThat(fp16(0x1p-25)).isEqualTo(0x0000);
    assertThat(fp16(1.5 * 0x1p-25)).isEqualTo(0x0001);
    assertThat(fp16(0x1p-14 - 0x1p-26)).isEqualTo(0x0400);
    assertThat(fp16(-0.0)).isEqualTo(0x8000);
    assertThat(fp16(Double.MIN_VALUE)).isEqualTo(0x0000);
    assertThat(bf16(0x1p-133)).isEqualTo(0x0001);
  }

  @Test
  void nanStaysNan() {
    assertThat(Float.isNaN(HalfFloats.fromFp16(HalfFloats.toFp16(Double.NaN)))).isTrue();
    assertThat(Float.isNaN(HalfFloats.fromBf16(HalfFloats.toBf16(Double.NaN)))).isTrue();
  }
}
