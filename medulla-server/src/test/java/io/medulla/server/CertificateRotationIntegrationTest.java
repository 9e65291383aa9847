package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the certificate files changes what new handshakes see, without a restart and without
 * breaking connections already open; files that cannot serve leave the previous certificate in
 * place.
 */
class CertificateRotationIntegrationTest {
  @TempDir Path dir;

  private static String healthOver(SSLSocket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        "GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
        .readLine();
  }

  @Test
  void newHandshakesSeeTheRotatedCertificateWhileOpenConnectionsKeepWorking() throws Exception {
    TestCertificates certs = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
    Path repository = Files.createDirectory(dir.resolve("models"));
    try (MedullaServer server =
        MedullaServer.start(LocalTrial.builder(repository).tls(certs.tlsSettings()).build())) {
      BigInteger first = certs.serverCertificate().getSerialNumber();
      assertThat(TlsProbes.serverSerial(certs.clientContext(), server.httpPort())).isEqualTo(first);
      assertThat(server.reloadCertificates()).as("unchanged files").isFalse();

      try (SSLSocket open =
          TlsProbes.connect(
              certs.clientContext(), server.httpPort(), new String[] {"TLSv1.3", "TLSv1.2"})) {
        X509Certificate rotated = certs.rotateServerCertificate();
        assertThat(server.reloadCertificates()).isTrue();

        for (int port : new int[] {server.httpPort(), server.grpcPort(), server.metricsPort()}) {
          assertThat(TlsProbes.serverSerial(certs.clientContext(), port))
              .as("port %s", port)
              .isEqualTo(rotated.getSerialNumber())
              .isNotEqualTo(first);
        }
        assertThat(healthOver(open)).isEqualTo("HTTP/1.1 200 OK");
      }
    }
  }

  @Test
  void filesThatCannotServeKeepThePreviousCertificate() throws Exception {
    TestCertificates certs = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
    Path repository = Files.createDirectory(dir.resolve("models"));
    try (MedullaServer server =
        MedullaServer.start(LocalTrial.builder(repository).tls(certs.tlsSettings()).build())) {
      BigInteger serving = certs.serverCertificate().getSerialNumber();
      // A key from another rotation: the chain on disk no longer matches it.
      byte[] chain = Files.readAllBytes(certs.serverCertPem());
      certs.rotateServerCertificate();
      Files.write(certs.serverCertPem(), chain);

      assertThat(server.reloadCertificates()).isFalse();
      assertThat(TlsProbes.serverSerial(certs.clientContext(), server.httpPort()))
          .isEqualTo(serving);
    }
  }

  @Test
  void anRsaCertificateCanReplaceAnEcOne() throws Exception {
    TestCertificates certs = TestCertificates.create(Files.createDirectory(dir.resolve("pki")));
    Path repository = Files.createDirectory(dir.resolve("models"));
    try (MedullaServer server =
        MedullaServer.start(LocalTrial.builder(repository).tls(certs.tlsSettings()).build())) {
      X509Certificate rsa = certs.rotateToRsaServerCertificate();

      assertThat(server.reloadCertificates()).isTrue();
      assertThat(TlsProbes.serverSerial(certs.clientContext(), server.grpcPort()))
          .isEqualTo(rsa.getSerialNumber());
    }
  }
}
