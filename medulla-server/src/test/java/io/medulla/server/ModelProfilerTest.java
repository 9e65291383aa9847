package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.InferenceException;
import io.medulla.inference.StatusCode;
import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles real example models with few iterations: the structure is checked, not the numbers,
 * which depend on the machine.
 */
class ModelProfilerTest {
  @TempDir Path root;

  /** Every progress call, as "done/total label". */
  private final List<String> progress = new ArrayList<>();

  private ModelProfile profile(ProfileOptions options) {
    return new ModelProfiler(options)
        .profile((done, total, label) -> progress.add(done + "/" + total + " " + label));
  }

  private ProfileOptions options(String model) {
    return ProfileOptions.defaults(root, model).withIterations(4, 1);
  }

  @Test
  void measuresEveryBatchSizeUpToMaxBatchSizeWithOneAndTwoInstances() throws Exception {
    new TestRepository(root).examples(List.of("mlp_classifier"));

    ModelProfile p = profile(options("mlp_classifier"));

    assertThat(p.model()).isEqualTo("mlp_classifier");
    assertThat(p.version()).isEqualTo(1);
    assertThat(p.platform()).isEqualTo("onnxruntime_onnx");
    assertThat(p.sha256()).isEqualTo(sha256(root.resolve("mlp_classifier/1/model.onnx")));
    assertThat(p.maxBatchSize()).isEqualTo(32);
    assertThat(p.batchSizes()).containsExactly(1, 2, 4, 8, 16, 32);
    assertThat(p.instanceCounts()).containsExactly(1, 2);
    assertThat(p.points()).hasSize(12);
    for (Point point : p.points()) {
      assertThat(point.concurrency()).isEqualTo(point.instances());
      assertThat(point.samples()).isEqualTo(4 * point.instances());
      assertThat(point.p50Nanos()).isPositive().isLessThanOrEqualTo(point.p99Nanos());
      assertThat(point.meanNanos()).isPositive();
      assertThat(point.throughputPerSecond()).isPositive();
    }
    // The load report of the configured single instance, as the repository measured it.
    assertThat(p.loadedInstances()).isEqualTo(1);
    assertThat(p.loadNanos()).isPositive();
    assertThat(p.warmupNanos()).isPositive();
    assertThat(p.device()).isEqualTo("host");
    assertThat(p.settings().intraOpThreads()).isEqualTo(1);
    assertThat(p.settings().interOpThreads()).isEqualTo(1);
    assertThat(p.settings().executionProviders()).containsExactly("cpu");
    assertThat(p.settings().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(p.settings().machine()).isNotBlank();
  }

  @Test
  void reportsProgressBeforeEachStepAndOnceAtTheEnd() {
    new TestRepository(root).examples(List.of("simple"));

    profile(options("simple").withPoints(List.of(1, 8), List.of(1, 2)));

    assertThat(progress)
        .containsExactly(
            "0/1 loading model 'simple'",
            "1/6 warming up",
            "2/6 batch 1, 1 instance",
            "3/6 batch 1, 2 instances",
            "4/6 batch 8, 1 instance",
            "5/6 batch 8, 2 instances",
            "6/6 done");
  }

  @Test
  void measuresOnTheServedInstancesWhenTheConfigHasEnough() throws IOException {
    new TestRepository(root)
        .model(
            "simple",
            "three",
            "instance_group [ { count: 3 kind: KIND_CPU } ]",
            "parameters { key: \"intra_op_thread_count\" value: { string_value: \"2\" } }");

    ModelProfile p = profile(options("three").withPoints(List.of(2), List.of(3, 1)));

    assertThat(p.loadedInstances()).isEqualTo(3);
    assertThat(p.points())
        .extracting(pt -> List.of(pt.batchSize(), pt.instances(), pt.samples()))
        .containsExactly(List.of(2, 1, 4), List.of(2, 3, 12));
    // The model's own thread parameter wins over the flag, as in serving.
    assertThat(p.settings().intraOpThreads()).isEqualTo(2);
  }

  @Test
  void measuresAModelWithoutABatchDimensionAtBatchSizeOneOnly() throws IOException {
    new TestRepository(root).model("simple", "unbatched");
    Path config = root.resolve("unbatched/config.pbtxt");
    Files.writeString(
        config,
        Files.readString(config, StandardCharsets.UTF_8)
            .replace("max_batch_size: 8", "max_batch_size: 0")
            .replace("dims: [ 16 ]", "dims: [ -1, 16 ]"),
        StandardCharsets.UTF_8);

    ModelProfile p = profile(options("unbatched").withPoints(List.of(), List.of(1)));

    assertThat(p.maxBatchSize()).isZero();
    assertThat(p.points()).singleElement().extracting(Point::batchSize).isEqualTo(1);
    assertThatThrownBy(() -> profile(options("unbatched").withPoints(List.of(2), List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--batch-sizes: 2")
        .hasMessageContaining("no batch dimension");
  }

  @Test
  void refusesBatchSizesBeyondMaxBatchSize() {
    new TestRepository(root).examples(List.of("simple"));

    assertThatThrownBy(() -> profile(options("simple").withPoints(List.of(4, 16), List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--batch-sizes: 16 (expected: at most 8");
  }

  @Test
  void namesTheModelsThereAreWhenTheModelIsUnknown() {
    new TestRepository(root).examples(List.of("simple", "identity_fp32"));

    assertThatThrownBy(() -> profile(options("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--model: no model 'nope'")
        .hasMessageContaining("identity_fp32, simple");
  }

  @Test
  void namesTheServedVersionsWhenTheVersionIsNotServed() {
    new TestRepository(root).examples(List.of("simple"));

    assertThatThrownBy(() -> profile(options("simple").withVersion(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not serve version 7 (served: [1]");
  }

  @Test
  void aModelThatFailsToLoadFailsWithTheReason() throws IOException {
    new TestRepository(root).model("simple", "broken");
    Files.write(root.resolve("broken/1/model.onnx"), new byte[] {1, 2, 3});

    assertThatThrownBy(() -> profile(options("broken")))
        .isInstanceOfSatisfying(
            InferenceException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.UNAVAILABLE))
        .hasMessageContaining("broken");
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
