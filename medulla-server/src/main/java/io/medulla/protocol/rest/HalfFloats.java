package io.medulla.protocol.rest;

/**
 * Converts between doubles and the 16-bit float formats FP16 (IEEE binary16) and BF16 (bfloat16).
 * Narrowing rounds to nearest, ties to even, directly from the double, so no intermediate float
 * rounds twice; values beyond the largest finite number become infinities, which callers reject.
 */
final class HalfFloats {
  private static final short FP16_NAN = 0x7e00;
  private static final short BF16_NAN = 0x7fc0;

  private HalfFloats() {}

  /** Returns the FP16 bits nearest to {@code value}. */
  static short toFp16(double value) {
    return narrow(value, 5, 10, FP16_NAN);
  }

  /** Returns the BF16 bits nearest to {@code value}. */
  static short toBf16(double value) {
    return narrow(value, 8, 7, BF16_NAN);
  }

  /** Returns the value of FP16 bits. */
  static float fromFp16(short bits) {
    return Float.float16ToFloat(bits);
  }

  /** Returns the value of BF16 bits. */
  static float fromBf16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  private static short narrow(double value, int expBits, int mantBits, short nan) {
    if (Double.isNaN(value)) {
      return nan;
    }
    long bits = Double.doubleToRawLongBits(value);
    int sign = (int) (bits >>> 63) << (expBits + mantBits);
    int infinity = ((1 << expBits) - 1) << mantBits;
    int doubleExp = (int) ((bits >>> 52) & 0x7ff);
    if (doubleExp == 0x7ff) {
      return (short) (sign | infinity);
    }
    if (doubleExp == 0) {
      // Double subnormals are far below the smallest subnormal of either format.
      return (short) sign;
    }
    int bias = (1 << (expBits - 1)) - 1;
    int exp = doubleExp - 1023;
    long significand = (1L << 52) | (bits & ((1L << 52) - 1));
    int minNormalExp = 1 - bias;
    int magnitude;
    if (exp >= minNormalExp) {
      long rounded = roundShift(significand, 52 - mantBits);
      if (rounded == 1L << (mantBits + 1)) {
        rounded >>= 1;
        exp++;
      }
      if (exp > bias) {
        return (short) (sign | infinity);
      }
      magnitude = ((exp + bias) << mantBits) | (int) (rounded & ((1L << mantBits) - 1));
    } else {
      // Subnormal: count units of 2^(minNormalExp - mantBits). A result of 2^mantBits units is
      // the smallest normal number, whose encoding is the same integer.
      magnitude = (int) roundShift(significand, 52 - mantBits + (minNormalExp - exp));
    }
    return (short) (sign | magnitude);
  }

  /** Returns {@code x >> shift}, rounded to nearest with ties to even. */
  private static long roundShift(long x, int shift) {
    if (shift == 0) {
      return x;
    }
    if (shift >= 63) {
      return 0;
    }
    long quotient = x >>> shift;
    long remainder = x & ((1L << shift) - 1);
    long half = 1L << (shift - 1);
    if (remainder > half || (remainder == half && (quotient & 1) == 1)) {
      quotient++;
    }
    return quotient;
  }
}
