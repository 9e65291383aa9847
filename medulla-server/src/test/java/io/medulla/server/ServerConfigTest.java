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
    ServerConfig d = ServerConfig.defaults(Path.of("."));
    return new ServerConfig(
        d.modelRepository(),
        address,
        d.httpPort(),
        d.grpcPort(),
        d.metricsPort(),
        d.modelControlMode(),
        d.loadModels(),
        d.repositoryPollSecs(),
        d.strictModelConfig(),
        d.intraOpThreads(),
        d.interOpThreads(),
        d.executionProviders(),
        d.executionThreads(),
        d.maxRequestBytes(),
        insecure,
        Duration.ofSeconds(1));
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
