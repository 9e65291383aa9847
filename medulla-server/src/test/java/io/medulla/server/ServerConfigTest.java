package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.repository.ModelControlMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        .hasMessageContaining("--allow-insecure-remote");
    assertThat(withAddress("0.0.0.0", true).isLoopbackOnly()).isFalse();
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
