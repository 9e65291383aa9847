package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ServerLiveRequest;
import io.medulla.protocol.grpc.proto.ServerReadyRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serves REST, gRPC and metrics over TLS with optional client certificates, and checks what a
 * handshake may and may not negotiate.
 */
class TlsIntegrationTest {
  private static final String[] TLS_1_2 = {"TLSv1.2"};

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static MedullaServer server;

  @BeforeAll
  static void start() throws IOException {
    certs = TestCertificates.create(java.nio.file.Files.createDirectory(dir.resolve("pki")));
    Path repository = java.nio.file.Files.createDirectory(dir.resolve("models"));
    server =
        MedullaServer.start(
            LocalTrial.builder(repository)
                .tls(certs.mutualTlsSettings(TlsSettings.ClientAuth.OPTIONAL))
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(SSLContext context, int port, String path)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(context).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void restHealthAnswersOverTlsToAClientThatTrustsTheCa() throws Exception {
    HttpResponse<String> ready = get(certs.clientContext(), server.httpPort(), "/v2/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue(Transport.INSECURE_HEADER)).isEmpty();
  }

  @Test
  void metricsAnswerOverTls() throws Exception {
    assertThat(get(certs.clientContext(), server.metricsPort(), "/metrics").statusCode())
        .isEqualTo(200);
  }

  @Test
  void grpcServerLiveAndReadyAnswerOverTls() throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "localhost",
                server.grpcPort(),
                TlsChannelCredentials.newBuilder().trustManager(certs.caPem().toFile()).build())
            .build();
    try {
      var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
      assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
      assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcAcceptsAClientCertificate() throws Exception {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "localhost",
                server.grpcPort(),
                TlsChannelCredentials.newBuilder()
                    .trustManager(certs.caPem().toFile())
                    .keyManager(certs.clientCertPem().toFile(), certs.clientKeyPem().toFile())
                    .build())
            .build();
    try {
      var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
      assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void handshakePrefersTls13() throws Exception {
    try (SSLSocket socket =
        TlsProbes.connect(
            certs.clientContext(), server.httpPort(), new String[] {"TLSv1.3", "TLSv1.2"})) {
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0]))
          .isEqualTo(certs.serverCertificate());
    }
  }

  @Test
  void tls11IsRefusedOnEveryListener() throws Exception {
    for (int port : new int[] {server.httpPort(), server.grpcPort(), server.metricsPort()}) {
      // ECDHE-ECDSA with AES-128-CBC-SHA, the best a TLS 1.1 client can offer.
      assertThat(TlsProbes.answerTo(port, TlsProbes.TLS_1_1, 0xc009, 0xc013))
          .as("port %s", port)
          .isIn(TlsProbes.ALERT, -1);
    }
  }

  @Test
  void tls12WithAnAeadSuiteIsAccepted() throws Exception {
    assertThat(TlsProbes.answerTo(server.httpPort(), TlsProbes.TLS_1_2, 0xc02b))
        .isEqualTo(TlsProbes.HANDSHAKE);
    try (SSLSocket socket =
        TlsProbes.connect(
            certs.clientContext(),
            server.grpcPort(),
            TLS_1_2,
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
      assertThat(socket.getSession().getCipherSuite())
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    }
  }

  @Test
  void tls12WithOnlyCbcSuitesIsRefused() throws Exception {
    // ECDHE-ECDSA with AES-CBC (SHA-1 and SHA-256 MACs): forward secret, but not AEAD.
    assertThat(TlsProbes.answerTo(server.httpPort(), TlsProbes.TLS_1_2, 0xc009, 0xc023, 0xc024))
        .isIn(TlsProbes.ALERT, -1);
    assertThatThrownBy(
            () ->
                TlsProbes.connect(
                        certs.clientContext(),
                        server.metricsPort(),
                        TLS_1_2,
                        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")
                    .close())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void optionalClientAuthAcceptsHandshakesWithAndWithoutACertificate() throws Exception {
    assertThat(get(certs.clientContext(), server.httpPort(), "/v2/health/live").statusCode())
        .isEqualTo(200);
    assertThat(
            get(certs.clientContextWithCertificate(), server.httpPort(), "/v2/health/live")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void cleartextHttpIsNotServedOnTheTlsPort() {
    HttpClient client = HttpClient.newHttpClient();
    assertThatThrownBy(
            () ->
                client.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/health/live"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void summaryShowsHttpsAndTheClientAuthMode() {
    assertThat(server.summary())
        .contains("https://127.0.0.1:" + server.httpPort() + "/v2")
        .contains("https://127.0.0.1:" + server.metricsPort() + "/metrics")
        .contains("client certificates optional")
        .doesNotContain("INSECURE");
  }
}
