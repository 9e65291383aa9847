package io.medulla.protocol.rest;

import io.medulla.inference.InferenceException;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.StatusCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Decompresses {@code Content-Encoding: gzip} and {@code deflate} request bodies, refusing any body
 * that would inflate past the limit before it is fully inflated.
 */
final class BoundedInflater {
  private BoundedInflater() {}

  /** Returns whether requests with this {@code Content-Encoding} can be read. */
  static boolean isSupported(@Nullable String encoding) {
    return encoding == null || normalize(encoding).matches("identity|gzip|x-gzip|deflate");
  }

  /**
   * Returns {@code body} decoded per {@code encoding}.
   *
   * @throws InferenceException 413 when the decoded body exceeds {@code maxBytes}, 400 when the
   *     body is not valid for its encoding
   */
  static byte[] inflate(byte[] body, @Nullable String encoding, long maxBytes) {
    if (encoding == null || normalize(encoding).equals("identity")) {
      return body;
    }
    String e = normalize(encoding);
    try (InputStream in =
        e.equals("deflate")
            ? new InflaterInputStream(new ByteArrayInputStream(body))
            : new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.min(body.length * 4L, 1 << 20));
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new InferenceException(
              StatusCode.PAYLOAD_TOO_LARGE,
              "request body inflates to more than " + maxBytes + " bytes (limit: maxRequestBytes)");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException ex) {
      throw new InvalidInputException(
          "request body is not valid " + e + " data (Content-Encoding: " + e + ")");
    }
  }

  private static String normalize(String encoding) {
    return encoding.trim().toLowerCase(Locale.ROOT);
  }
}
