package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates: REQUIRE refuses a client without one; with OPTIONAL or REQUIRE, a service
 * reads the verified chain from {@link ServiceRequestContext#sslSession()}, the way authentication
 * identifies a principal by its certificate.
 */
class MutualTlsIntegrationTest {
  @TempDir static Path dir;
  private static TestCertificates certs;
  private static Path repository;

  @BeforeAll
  static void createCertificates() throws IOException {
    certs = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
    repository = Files.createDirectory(dir.resolve("models"));
  }

  private static ServerConfig config(TlsSettings.ClientAuth clientAuth) {
    return LocalTrial.builder(repository).tls(certs.mutualTlsSettings(clientAuth)).build();
  }

  private static java.net.http.HttpResponse<String> get(SSLContext context, int port, String path)
      throws IOException, InterruptedException {
    return HttpClient.newBuilder()
        .sslContext(context)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** Returns the verified client certificate's subject, as an authenticator would read it. */
  private static String clientSubject(ServiceRequestContext ctx) {
    SSLSession session = ctx.sslSession();
    if (session == null) {
      return "no TLS";
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return "no client certificate";
    }
  }

  private static Server whoAmI(TlsSettings.ClientAuth clientAuth) {
    Server server =
        new Transport(config(clientAuth))
            .listener(0)
            .service("/whoami", (ctx, req) -> HttpResponse.of(clientSubject(ctx)))
            .build();
    server.start().join();
    return server;
  }

  @Test
  void requireRefusesAClientWithoutACertificateOnEveryListener() throws Exception {
    try (MedullaServer server = MedullaServer.start(config(TlsSettings.ClientAuth.REQUIRE))) {
      assertThat(
              get(certs.clientContextWithCertificate(), server.httpPort(), "/v2/health/ready")
                  .statusCode())
          .isEqualTo(200);
      for (int port : new int[] {server.httpPort(), server.grpcPort(), server.metricsPort()}) {
        assertThatThrownBy(() -> get(certs.clientContext(), port, "/v2/health/ready"))
            .as("port %s", port)
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void servicesReadTheVerifiedClientCertificateFromTheSslSession() throws Exception {
    for (TlsSettings.ClientAuth mode :
        new TlsSettings.ClientAuth[] {
          TlsSettings.ClientAuth.OPTIONAL, TlsSettings.ClientAuth.REQUIRE
        }) {
      Server server = whoAmI(mode);
      try {
        String subject =
            get(certs.clientContextWithCertificate(), server.activeLocalPort(), "/whoami").body();
        assertThat(subject)
            .as("%s", mode)
            .isEqualTo(certs.clientCertificate().getSubjectX500Principal().getName())
            .contains("CN=" + TestCertificates.CLIENT_COMMON_NAME);
      } finally {
        server.stop().join();
      }
    }
  }

  @Test
  void optionalLeavesTheSessionWithoutAPeerWhenTheClientPresentsNone() throws Exception {
    Server server = whoAmI(TlsSettings.ClientAuth.OPTIONAL);
    try {
      assertThat(get(certs.clientContext(), server.activeLocalPort(), "/whoami").body())
          .isEqualTo("no client certificate");
    } finally {
      server.stop().join();
    }
  }
}
