package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-connection limits reach every listener: header sizes, HTTP/2 streams, the rapid-reset
 * budget and the idle timeout. Speaks HTTP/1.1 and HTTP/2 (cleartext, prior knowledge) by hand to
 * see exactly what the server advertises and does.
 */
class ConnectionLimitsIntegrationTest {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SETTINGS = 0x4;
  private static final int GOAWAY = 0x7;
  private static final int ENHANCE_YOUR_CALM = 0xb;

  @TempDir static Path repository;
  private static MedullaServer server;

  @BeforeAll
  static void start() {
    server =
        MedullaServer.start(
            LocalTrial.builder(repository)
                .connectionLimits(new ConnectionLimits(Duration.ofSeconds(1), 16 * 1024, 50, 0))
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Socket open(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static String http1Status(int port, int headerBytes) throws IOException {
    try (Socket socket = open(port)) {
      String request =
          "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
              + "a".repeat(headerBytes)
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  private static void frame(DataOutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    out.writeByte(payload.length >>> 16);
    out.writeShort(payload.length & 0xffff);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeInt(stream);
    out.write(payload);
  }

  private record Frame(int type, byte[] payload) {}

  private static Frame readFrame(DataInputStream in) throws IOException {
    int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
    int type = in.readUnsignedByte();
    in.readUnsignedByte(); // flags
    in.readInt(); // stream
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(type, payload);
  }

  private static Map<Integer, Long> http2Settings(int port) throws IOException {
    try (Socket socket = open(port)) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.write(PREFACE);
      frame(out, SETTINGS, 0, 0, new byte[0]);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Frame f = readFrame(in);
      assertThat(f.type()).isEqualTo(SETTINGS);
      Map<Integer, Long> settings = new HashMap<>();
      DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(f.payload()));
      for (int i = 0; i < f.payload().length / 6; i++) {
        settings.put(p.readUnsignedShort(), p.readInt() & 0xffffffffL);
      }
      return settings;
    }
  }

  @Test
  void everyListenerAdvertisesTheStreamAndHeaderLimitsOverHttp2() throws Exception {
    for (int port : new int[] {server.httpPort(), server.grpcPort(), server.metricsPort()}) {
      Map<Integer, Long> settings = http2Settings(port);
      assertThat(settings).as("port %s", port).containsEntry(0x3, 50L).containsEntry(0x6, 16384L);
    }
  }

  @Test
  void http1HeadersUpToTheLimitAreServedAndLargerOnesRefused() throws Exception {
    // 12 KB is over Armeria's own 8 KiB default: passing shows the configured limit applies.
    assertThat(http1Status(server.httpPort(), 12_000)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(http1Status(server.httpPort(), 20_000)).startsWith("HTTP/1.1 431");
  }

  @Test
  void rapidResetFloodClosesTheConnectionAndSparesOthers() throws Exception {
    byte[] authority = "localhost".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, (byte) authority.length});
    block.write(authority);
    ByteArrayOutputStream flood = new ByteArrayOutputStream();
    DataOutputStream f = new DataOutputStream(flood);
    f.write(PREFACE);
    frame(f, SETTINGS, 0, 0, new byte[0]);
    for (int i = 0; i < 2 * Transport.MAX_RESET_FRAMES_PER_MINUTE; i++) {
      int stream = 2 * i + 1;
      frame(f, 0x1, 0x5, stream, block.toByteArray()); // HEADERS, END_STREAM | END_HEADERS
      frame(f, 0x3, 0, stream, new byte[] {0, 0, 0, 0x8}); // RST_STREAM, CANCEL
    }
    Integer goAwayError = null;
    try (Socket socket = open(server.httpPort())) {
      socket.getOutputStream().write(flood.toByteArray());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (goAwayError == null) {
        Frame frame = readFrame(in);
        if (frame.type() == GOAWAY) {
          goAwayError =
              new DataInputStream(new java.io.ByteArrayInputStream(frame.payload(), 4, 4))
                  .readInt();
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      // Closed before a GOAWAY could be read: checked below.
    }
    assertThat(goAwayError).isEqualTo(ENHANCE_YOUR_CALM);

    HttpResponse<String> other =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/health/live"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void idleConnectionIsClosedByTheServer() throws Exception {
    try (Socket socket = open(server.httpPort())) {
      // No request: the server closes the connection after the one-second idle timeout. The read
      // blocks until then; the socket timeout only guards against a server that never closes.
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }
}
