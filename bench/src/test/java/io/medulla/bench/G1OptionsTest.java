package io.medulla.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class G1OptionsTest {
  @Test
  void defaultsMeasureTheMlpAtOneEightAndThirtyTwo() {
    G1Options o = G1Options.parse();
    assertThat(o.model()).isEqualTo("mlp_classifier");
    assertThat(o.concurrency()).containsExactly(1, 8, 32);
    assertThat(o.modes()).containsExactly(Mode.values());
    assertThat(o.batchSize()).isEqualTo(1);
    assertThat(o.windows()).isEqualTo(3);
  }

  @Test
  void flagsOverrideDefaultsInBothSpellings() {
    G1Options o =
        G1Options.parse(
            "--concurrency",
            "2,4",
            "--warmup-secs=0.5",
            "--window-secs",
            "1.5",
            "--windows",
            "4",
            "--modes",
            "raw,rest",
            "--model-repository",
            "/m",
            "--model",
            "simple",
            "--results-dir",
            "out");
    assertThat(o.concurrency()).containsExactly(2, 4);
    assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.window()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.windows()).isEqualTo(4);
    assertThat(o.modes()).isEqualTo(List.of(Mode.RAW, Mode.BINARY_REST));
    assertThat(o.modelRepository()).isEqualTo(Path.of("/m"));
    assertThat(o.model()).isEqualTo("simple");
    assertThat(o.resultsDir()).isEqualTo(Path.of("out"));
  }

  @Test
  void unknownFlagIsRejectedWithItsName() {
    assertThatThrownBy(() -> G1Options.parse("--concurency", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--concurency");
  }

  @Test
  void nonPositiveConcurrencyIsRejected() {
    assertThatThrownBy(() -> G1Options.parse("--concurrency", "1,0"))
        .hasMessageContaining("--concurrency: 0");
  }

  @Test
  void unknownModeIsRejectedWithTheChoices() {
    assertThatThrownBy(() -> G1Options.parse("--modes", "raw,http"))
        .hasMessageContaining("'http'")
        .hasMessageContaining("raw, in-process, grpc or rest");
  }

  @Test
  void flagWithoutValueIsRejected() {
    assertThatThrownBy(() -> G1Options.parse("--windows")).hasMessageContaining("missing value");
  }
}
