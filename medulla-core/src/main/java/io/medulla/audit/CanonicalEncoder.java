package io.medulla.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes the canonical byte encoding that hashes and signatures cover. Every value is written in a
 * fixed order with no separators, so that no two different sequences of values encode alike:
 *
 * <ul>
 *   <li>a string: its UTF-8 byte length as a 4-byte big-endian integer, then the bytes;
 *   <li>an {@code int}: 4 bytes, big-endian two's complement;
 *   <li>a {@code long}: 8 bytes, big-endian two's complement;
 *   <li>a {@code boolean}: one byte, 1 or 0;
 *   <li>an instant: its microseconds since the epoch as a {@code long}.
 * </ul>
 */
final class CanonicalEncoder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

  CanonicalEncoder string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int32(b.length);
    out.writeBytes(b);
    return this;
  }

  CanonicalEncoder int32(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  CanonicalEncoder int64(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
    return this;
  }

  CanonicalEncoder bool(boolean v) {
    out.write(v ? 1 : 0);
    return this;
  }

  CanonicalEncoder instant(Instant t) {
    return int64(AuditTimes.toMicros(t));
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
