package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
  @TempDir Path dir;
  private TestCertificates certs;

  @BeforeEach
  void createCertificates() {
    certs = TestCertificates.create(dir);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  @Test
  void ecAndRsaKeysAreAccepted() {
    assertThat(certs.tlsSettings().clientAuth()).isEqualTo(TlsSettings.ClientAuth.NONE);
    certs.rotateToRsaServerCertificate();
    assertThat(certs.tlsSettings().reloadInterval()).isEqualTo(TlsSettings.DEFAULT_RELOAD_INTERVAL);
  }

  @Test
  void missingFilesAreNamedByTheirFlag() {
    Path absent = dir.resolve("absent.pem");
    assertThatThrownBy(() -> TlsSettings.of(absent, certs.serverKeyPem()))
        .hasMessage("--tls-cert: no such file");
    assertThatThrownBy(() -> TlsSettings.of(certs.serverCertPem(), absent))
        .hasMessage("--tls-key: no such file");
    assertThatThrownBy(
            () -> certs.tlsSettings().withClientCa(absent, TlsSettings.ClientAuth.REQUIRE))
        .hasMessage("--tls-client-ca: no such file");
  }

  @Test
  void aKeyFileInTheCertificateFlagIsExplained() {
    assertThatThrownBy(() -> TlsSettings.of(certs.serverKeyPem(), certs.serverKeyPem()))
        .hasMessageStartingWith("--tls-cert: no certificate found");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    assertThatThrownBy(() -> TlsSettings.of(certs.serverCertPem(), certs.clientKeyPem()))
        .hasMessage(
            "--tls-key: the private key does not belong to the first certificate of --tls-cert");
  }

  @Test
  void legacyAndEncryptedKeysAreRefusedWithTheFix() throws IOException {
    Path legacy =
        write("legacy.key", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    Path encrypted =
        write(
            "encrypted.key",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsSettings.of(certs.serverCertPem(), legacy))
        .hasMessageContaining("--tls-key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(() -> TlsSettings.of(certs.serverCertPem(), encrypted))
        .hasMessageContaining("--tls-key: the key is encrypted");
  }

  @Test
  void errorsNeverEchoTheFilesContents() throws IOException {
    String secret =
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n";
    Path key = write("garbage.key", secret);
    assertThatThrownBy(() -> TlsSettings.of(certs.serverCertPem(), key))
        .hasMessageStartingWith("--tls-key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
  }

  @Test
  void clientAuthAndClientCaGoTogether() {
    assertThatThrownBy(
            () ->
                new TlsSettings(
                    certs.serverCertPem(),
                    certs.serverKeyPem(),
                    null,
                    TlsSettings.ClientAuth.REQUIRE,
                    Duration.ofSeconds(60)))
        .hasMessage(
            "--tls-client-auth=require needs --tls-client-ca, the authority that signs client"
                + " certificates");
    assertThatThrownBy(
            () -> certs.tlsSettings().withClientCa(certs.caPem(), TlsSettings.ClientAuth.NONE))
        .hasMessageStartingWith("--tls-client-ca is given but --tls-client-auth=none");
  }

  @Test
  void reloadIntervalMustBePositive() {
    assertThatThrownBy(() -> certs.tlsSettings().withReloadInterval(Duration.ZERO))
        .hasMessage("--tls-reload-secs: 0 (expected: > 0)");
  }
}
