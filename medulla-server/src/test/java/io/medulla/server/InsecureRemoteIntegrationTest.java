package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.medulla.protocol.grpc.proto.GRPCInferenceServiceGrpc;
import io.medulla.protocol.grpc.proto.ServerLiveRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure by default: a non-loopback address without TLS is refused; the explicit opt-out starts,
 * and every health answer says the server is insecure.
 */
class InsecureRemoteIntegrationTest {
  private static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path repository;

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void nonLoopbackAddressWithoutTlsIsRefusedWithWhatToDo() {
    assertThatThrownBy(
            () -> ServerConfig.builder(repository).address("0.0.0.0").ports(0, 0, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--address 0.0.0.0 is not a loopback address")
        .hasMessageContaining("no TLS")
        .hasMessageContaining("--tls-cert and --tls-key")
        .hasMessageContaining("--allow-insecure-remote");
  }

  @Test
  void explicitOptOutStartsAndMarksEveryHealthAnswer() throws Exception {
    ServerConfig config =
        ServerConfig.builder(repository)
            .address("0.0.0.0")
            .ports(0, 0, 0)
            .allowInsecureRemote(true)
            .audit(LocalTrial.temporaryAudit())
            .build();
    try (MedullaServer server = MedullaServer.start(config)) {
      for (String path : new String[] {"/v2/health/live", "/v2/health/ready"}) {
        HttpResponse<String> r = get(server.httpPort(), path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue(Transport.INSECURE_HEADER)).hasValue("true");
      }
      assertThat(get(server.httpPort(), "/v2").headers().firstValue(Transport.INSECURE_HEADER))
          .isEmpty();
      assertThat(grpcLiveHeader(server.grpcPort())).isEqualTo("true");
      assertThat(server.summary()).contains("WARNING  INSECURE").contains("x-medulla-insecure");
    }
  }

  @Test
  void loopbackServerCarriesNoInsecureMark() throws Exception {
    try (MedullaServer server = MedullaServer.start(LocalTrial.builder(repository).build())) {
      assertThat(
              get(server.httpPort(), "/v2/health/live")
                  .headers()
                  .firstValue(Transport.INSECURE_HEADER))
          .isEmpty();
      assertThat(grpcLiveHeader(server.grpcPort())).isNull();
      assertThat(server.summary()).doesNotContain("INSECURE");
    }
  }

  private static String grpcLiveHeader(int port) throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      AtomicReference<Metadata> headers = new AtomicReference<>();
      AtomicReference<Metadata> trailers = new AtomicReference<>();
      GRPCInferenceServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
          .serverLive(ServerLiveRequest.getDefaultInstance());
      return headers
          .get()
          .get(Metadata.Key.of(Transport.INSECURE_HEADER, Metadata.ASCII_STRING_MARSHALLER));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
