package io.medulla.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelProfileTest {
  private static final String SHA = "ab".repeat(32);
  private static final Settings SETTINGS = new Settings(1, 1, List.of("cpu"), 4, "test machine");

  private static Point point(int batch, int instances, long p50, long p99, double throughput) {
    return new Point(batch, instances, instances, p50, p99, (p50 + p99) / 2, throughput, 100);
  }

  private static ModelProfile profile(int maxBatchSize, List<Point> points) {
    return new ModelProfile(
        "m", 3, "onnxruntime_onnx", SHA, maxBatchSize, SETTINGS, 10, 20, 1000, "host", 2, points);
  }

  private static final List<Point> POINTS =
      List.of(
          point(4, 2, 4_000, 9_000, 1_800),
          point(1, 1, 1_000, 2_000, 900),
          point(4, 1, 3_000, 5_000, 1_200),
          point(1, 2, 1_100, 2_500, 1_700));

  @Test
  void sortsPointsByBatchSizeThenInstances() {
    ModelProfile p = profile(8, POINTS);

    assertThat(p.points())
        .extracting(pt -> List.of(pt.batchSize(), pt.instances()))
        .containsExactly(List.of(1, 1), List.of(1, 2), List.of(4, 1), List.of(4, 2));
    assertThat(p.batchSizes()).containsExactly(1, 4);
    assertThat(p.instanceCounts()).containsExactly(1, 2);
  }

  @Test
  void looksUpExecutionTimesAndThroughputByBatchSizeAndInstances() {
    ModelProfile p = profile(8, POINTS);

    assertThat(p.p50(4, 1)).hasValue(3_000);
    assertThat(p.p99(4, 2)).hasValue(9_000);
    assertThat(p.throughput(1, 2)).hasValue(1_700);
    assertThat(p.p50(2, 1)).isEmpty();
    assertThat(p.p99(1, 3)).isEmpty();
    assertThat(p.throughput(8, 1)).isEmpty();
    assertThat(p.point(4, 1)).map(Point::meanNanos).hasValue(4_000L);
  }

  @Test
  void givesThePlannerExecutionTimesByBatchSizeForOneInstanceCount() {
    ModelProfile p = profile(8, POINTS);

    assertThat(p.p50ByBatchSize(1))
        .containsExactly(entry(1, Duration.ofNanos(1_000)), entry(4, Duration.ofNanos(3_000)));
    assertThat(p.p99ByBatchSize(2)).containsKeys(1, 4).containsValue(Duration.ofNanos(9_000));
    assertThat(p.p50ByBatchSize(3)).isEmpty();
  }

  @Test
  void bestIsTheHighestThroughputForAnInstanceCountWithinALatencyBudget() {
    ModelProfile p = profile(8, POINTS);

    assertThat(p.best(1)).map(Point::batchSize).hasValue(4);
    assertThat(p.best(2)).map(Point::batchSize).hasValue(4);
    // Batch 4 on two instances has p99 9 µs: over a budget of 5 µs, batch 1 is the best left.
    assertThat(p.best(2, 5_000)).map(Point::batchSize).hasValue(1);
    assertThat(p.best(1, 1_999)).isEmpty();
    assertThat(p.best(3)).isEmpty();
  }

  @Test
  void bestPrefersTheSmallerBatchOnATie() {
    ModelProfile p = profile(8, List.of(point(2, 1, 10, 10, 500), point(1, 1, 5, 5, 500)));

    assertThat(p.best(1)).map(Point::batchSize).hasValue(1);
  }

  @Test
  void memoryPerInstanceSpreadsTheFootprintOverTheLoadedInstancesRoundingUp() {
    ModelProfile p =
        new ModelProfile("m", 1, "x", SHA, 0, SETTINGS, 0, 0, 1001, "host", 2, List.of());

    assertThat(p.memoryBytesPerInstance()).isEqualTo(501);
  }

  @Test
  void refusesTwoPointsForTheSameBatchSizeAndInstanceCount() {
    List<Point> twice = List.of(point(1, 1, 1, 2, 3), point(1, 1, 5, 6, 7));

    assertThatThrownBy(() -> profile(8, twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size 1 with 1 instance(s) appears twice");
  }

  @Test
  void refusesBatchSizesBeyondWhatTheModelAccepts() {
    assertThatThrownBy(() -> profile(2, List.of(point(4, 1, 1, 2, 3))))
        .hasMessageContaining("batch size 4 (expected: <= 2, max_batch_size)");
    assertThatThrownBy(() -> profile(0, List.of(point(2, 1, 1, 2, 3))))
        .hasMessageContaining("no batch dimension");
    assertThat(profile(0, List.of(point(1, 1, 1, 2, 3))).batchSizes()).containsExactly(1);
  }

  @Test
  void validatesTheProfileFields() {
    assertThatThrownBy(
            () -> new ModelProfile("", 1, "x", SHA, 0, SETTINGS, 0, 0, 0, "host", 1, List.of()))
        .hasMessageContaining("model: empty");
    assertThatThrownBy(
            () -> new ModelProfile("m", 0, "x", SHA, 0, SETTINGS, 0, 0, 0, "host", 1, List.of()))
        .hasMessageContaining("version: 0");
    assertThatThrownBy(
            () ->
                new ModelProfile(
                    "m", 1, "x", SHA.toUpperCase(), 0, SETTINGS, 0, 0, 0, "host", 1, List.of()))
        .hasMessageContaining("sha256");
    assertThatThrownBy(
            () -> new ModelProfile("m", 1, "x", SHA, -1, SETTINGS, 0, 0, 0, "host", 1, List.of()))
        .hasMessageContaining("maxBatchSize: -1");
    assertThatThrownBy(
            () -> new ModelProfile("m", 1, "x", SHA, 0, SETTINGS, -1, 0, 0, "host", 1, List.of()))
        .hasMessageContaining("loadNanos: -1");
    assertThatThrownBy(
            () -> new ModelProfile("m", 1, "x", SHA, 0, SETTINGS, 0, 0, -5, "host", 1, List.of()))
        .hasMessageContaining("memoryBytes: -5");
    assertThatThrownBy(
            () -> new ModelProfile("m", 1, "x", SHA, 0, SETTINGS, 0, 0, 0, "host", 0, List.of()))
        .hasMessageContaining("loadedInstances: 0");
  }

  @Test
  void validatesThePointFields() {
    assertThatThrownBy(() -> new Point(0, 1, 1, 1, 1, 1, 1, 1)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> new Point(1, 0, 1, 1, 1, 1, 1, 1)).hasMessageContaining("instances");
    assertThatThrownBy(() -> new Point(1, 1, 0, 1, 1, 1, 1, 1)).hasMessageContaining("concurrency");
    assertThatThrownBy(() -> new Point(1, 1, 1, 5, 4, 1, 1, 1))
        .hasMessageContaining("p99Nanos: 4 (expected: >= p50Nanos 5)");
    assertThatThrownBy(() -> new Point(1, 1, 1, 1, 1, -1, 1, 1)).hasMessageContaining("meanNanos");
    assertThatThrownBy(() -> new Point(1, 1, 1, 1, 1, 1, Double.NaN, 1))
        .hasMessageContaining("throughputPerSecond");
    assertThatThrownBy(() -> new Point(1, 1, 1, 1, 1, 1, Double.POSITIVE_INFINITY, 1))
        .hasMessageContaining("throughputPerSecond");
    assertThatThrownBy(() -> new Point(1, 1, 1, 1, 1, 1, 1, 0)).hasMessageContaining("samples");
  }

  @Test
  void validatesAndCopiesTheSettings() {
    List<String> providers = new java.util.ArrayList<>(List.of("cpu"));
    Settings s = new Settings(0, 2, providers, 1, "");
    providers.add("cuda");

    assertThat(s.executionProviders()).containsExactly("cpu");
    assertThatThrownBy(() -> new Settings(-1, 1, List.of(), 1, ""))
        .hasMessageContaining("intraOpThreads");
    assertThatThrownBy(() -> new Settings(1, -1, List.of(), 1, ""))
        .hasMessageContaining("interOpThreads");
    assertThatThrownBy(() -> new Settings(1, 1, List.of(), 0, "")).hasMessageContaining("cores");
  }
}
