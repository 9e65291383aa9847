package io.medulla.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately naive HTTP/1.1 client for hostile requests: it writes the request line and headers
 * byte for byte as given (so it can send what well-behaved clients refuse to: raw NULs and
 * backslashes in the path, oversized or duplicate headers), sends {@code Connection: close} and
 * reads the answer until the server closes the connection.
 */
final class RawHttp {
  /** An answer: status code, lower-cased header names, and the de-chunked body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  /**
   * Sends one request and returns the answer.
   *
   * @param target the request target, written as ISO-8859-1 bytes without any escaping
   * @param headers header lines in order, each {@code name: value}; {@code Content-Length} is added
   *     unless present
   */
  static Answer send(int port, String method, String target, List<String> headers, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      boolean hasLength = false;
      for (String h : headers) {
        head.append(h).append("\r\n");
        hasLength |= h.toLowerCase(Locale.ROOT).startsWith("content-length:");
      }
      if (!hasLength) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (SocketException e) {
        // The server may answer and close before the whole body is sent (413, 431): read on.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one answer: up to its {@code Content-Length}, its last chunk, or the end of the stream,
   * without waiting for the server to close the connection.
   */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while (!isComplete(all.toByteArray()) && (n = in.read(chunk)) >= 0) {
        all.write(chunk, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the answer: keep what arrived.
    }
    return all.toByteArray();
  }

  private static boolean isComplete(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (end < 0) {
      return false;
    }
    String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    for (String line : head.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        return raw.length - end - 4 >= Long.parseLong(line.substring(15).trim());
      }
    }
    if (head.contains("transfer-encoding: chunked")) {
      return indexOf(raw, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), end) >= 0;
    }
    return false;
  }

  private static Answer parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (end < 0) {
      throw new IllegalStateException(
          "no HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
      String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
