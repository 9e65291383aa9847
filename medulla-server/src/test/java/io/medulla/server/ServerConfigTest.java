package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.repository.ModelControlMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  private static ServerConfig withAddress(String address, boolean insecure) {
    return ServerConfig.builder(Path.of("."))
        .address(address)
        .allowInsecureRemote(insecure)
        .shutdownGrace(Duration.ofSeconds(1))
        .build();
  }

  @Test
  void defaultsFollowTritonsPortsAndBindLoopbackOnly() {
    ServerConfig d = ServerConfig.defaults(Path.of("."));
    assertThat(List.of(d.httpPort(), d.grpcPort(), d.metricsPort()))
        .containsExactly(8000, 8001, 8002);
    assertThat(d.address()).isEqualTo("127.0.0.1");
    assertThat(d.isLoopbackOnly()).isTrue();
  }

  @Test
  void nonLoopbackAddressWithoutTlsIsRefusedUnlessExplicitlyAllowed() {
    assertThatThrownBy(() -> withAddress("0.0.0.0", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-cert and --tls-key")
        .hasMessageContaining("--allow-insecure-remote");
    assertThat(withAddress("0.0.0.0", true).isLoopbackOnly()).isFalse();
  }

  @Test
  void nonLoopbackAddressWithTlsAndAuthenticationNeedsNoOptOut(@TempDir Path dir) {
    TestCertificates certs = TestCertificates.create(dir);
    ServerConfig config =
        ServerConfig.builder(Path.of("."))
            .address("0.0.0.0")
            .tls(certs.tlsSettings())
            .authentication(AuthenticationSettings.none().withApiKeys(dir.resolve("keys.json")))
            .build();

    assertThat(config.isLoopbackOnly()).isFalse();
    assertThat(config.isInsecureRemote()).isFalse();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void optOutOnANonLoopbackAddressIsInsecure() {
    assertThat(withAddress("0.0.0.0", true).isInsecureRemote()).isTrue();
    assertThat(withAddress("127.0.0.1", true).isInsecureRemote()).isFalse();
  }

  @Test
  void connectionLimitsDefaultAndValidateNamingTheFlag() {
    ConnectionLimits d = ServerConfig.defaults(Path.of(".")).connectionLimits();
    assertThat(d).isEqualTo(new ConnectionLimits(Duration.ofSeconds(60), 16 * 1024, 100, 0));
    assertThatThrownBy(() -> new ConnectionLimits(Duration.ZERO, 16 * 1024, 100, 0))
        .hasMessage("--idle-timeout-secs: 0 (expected: > 0)");
    assertThatThrownBy(() -> new ConnectionLimits(Duration.ofSeconds(1), 100, 100, 0))
        .hasMessage("--max-header-bytes: 100 (expected: >= 1024)");
    assertThatThrownBy(() -> new ConnectionLimits(Duration.ofSeconds(1), 16 * 1024, 0, 0))
        .hasMessage("--max-concurrent-streams: 0 (expected: > 0)");
    assertThatThrownBy(() -> new ConnectionLimits(Duration.ofSeconds(1), 16 * 1024, 1, -1))
        .hasMessageStartingWith("--max-connections: -1");
  }

  @Test
  void loadModelOutsideExplicitModeIsRefused() {
    assertThatThrownBy(
            () ->
                ServerConfig.defaults(Path.of("."))
                    .withModelControl(ModelControlMode.POLL, List.of("simple")))
        .hasMessageContaining("--model-control-mode=explicit");
  }
}
