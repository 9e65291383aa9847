package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileOptionsTest {
  private static final ProfileOptions DEFAULTS = ProfileOptions.defaults(Path.of("repo"), "m");

  @Test
  void defaultsMatchTheServersThreadSettings() {
    ServerConfig server = ServerConfig.defaults(Path.of("repo"));

    assertThat(DEFAULTS.intraOpThreads()).isEqualTo(server.intraOpThreads());
    assertThat(DEFAULTS.interOpThreads()).isEqualTo(server.interOpThreads());
    assertThat(DEFAULTS.executionProviders()).isEqualTo(server.executionProviders());
    assertThat(DEFAULTS.instanceCounts()).containsExactly(1, 2);
    assertThat(DEFAULTS.version()).isZero();
  }

  @Test
  void defaultBatchSizesStopAtMaxBatchSize() {
    assertThat(DEFAULTS.batchSizesFor(32)).containsExactly(1, 2, 4, 8, 16, 32);
    assertThat(DEFAULTS.batchSizesFor(10)).containsExactly(1, 2, 4, 8);
    assertThat(DEFAULTS.batchSizesFor(1)).containsExactly(1);
    assertThat(DEFAULTS.batchSizesFor(0)).containsExactly(1);
  }

  @Test
  void requestedBatchSizesAreSortedAndCheckedAgainstTheModel() {
    ProfileOptions o = DEFAULTS.withPoints(List.of(8, 3), List.of(1));

    assertThat(o.batchSizesFor(8)).containsExactly(3, 8);
    assertThatThrownBy(() -> o.batchSizesFor(4))
        .hasMessage("--batch-sizes: 8 (expected: at most 4, the max_batch_size of model 'm')");
  }

  @Test
  void refusesValuesThatCannotBeMeasured() {
    assertThatThrownBy(() -> DEFAULTS.withPoints(List.of(0), List.of(1)))
        .hasMessageContaining("--batch-sizes: 0");
    assertThatThrownBy(() -> DEFAULTS.withPoints(List.of(2, 2), List.of(1)))
        .hasMessageContaining("each value once");
    assertThatThrownBy(() -> DEFAULTS.withPoints(List.of(), List.of()))
        .hasMessageContaining("--instances: empty");
    assertThatThrownBy(() -> DEFAULTS.withPoints(List.of(), List.of(65)))
        .hasMessageContaining("--instances: 65 (expected: >= 1 and <= 64)");
    assertThatThrownBy(() -> DEFAULTS.withIterations(0, 1)).hasMessageContaining("--iterations");
    assertThatThrownBy(() -> DEFAULTS.withIterations(1, -1))
        .hasMessageContaining("--warmup-iterations");
    assertThatThrownBy(() -> DEFAULTS.withVersion(-1)).hasMessageContaining("--version");
    assertThatThrownBy(() -> ProfileOptions.defaults(Path.of("r"), " "))
        .hasMessageContaining("--model");
  }
}
