package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.Shape;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.ModelSpec;
import io.medulla.runtime.TensorBinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning, version policies, hashes and failure reporting, in NONE mode. */
class ModelRepositoryTest {
  @TempDir Path root;
  final FakeBackend backend = new FakeBackend();

  private ModelRepository start() {
    ModelRepository repo = ModelRepository.builder(root).backends(List.of(backend)).build();
    repo.start(Set.of());
    return repo;
  }

  private static ModelVersionStatus row(
      String name, String version, ModelState state, String reason) {
    return new ModelVersionStatus(name, version, state, reason);
  }

  @Test
  void modelWithoutConfigIsServedAtItsHighestVersion() {
    model(root, "simple", null, 1, 2);
    ModelRepository repo = start();

    assertThat(repo.index()).containsExactly(row("simple", "2", ModelState.READY, ""));
    ServedModel served = repo.resolve("simple", "");
    assertThat(served.id().toString()).isEqualTo("simple/2");
    assertThat(served.config().maxBatchSize()).isEqualTo(4);
    assertThat(repo.resolve("simple", "2")).isSameAs(served);
    assertThat(repo.config("simple")).isEqualTo(served.config());
    assertThat(repo.ready()).containsExactly(served);
  }

  @Test
  void recordsTheSha256OfEachModelFile() throws Exception {
    model(root, "simple", "version_policy { all {} }", 1, 2);
    ModelRepository repo = start();

    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("onnx simple 1".getBytes(StandardCharsets.UTF_8)));
    assertThat(repo.resolve("simple", "1").sha256()).isEqualTo(expected).matches("[0-9a-f]{64}");
    assertThat(repo.resolve("simple", "2").sha256()).isNotEqualTo(expected);
  }

  @Test
  void latestPolicyServesTheHighestVersionsInNumericOrder() {
    model(root, "m", "version_policy { latest { num_versions: 2 } }", 1, 2, 10);
    ModelRepository repo = start();

    assertThat(repo.index())
        .containsExactly(row("m", "2", ModelState.READY, ""), row("m", "10", ModelState.READY, ""));
    assertThat(repo.resolve("m", "").id().version()).isEqualTo(10);
  }

  @Test
  void specificPolicyReportsAMissingVersionFolder() {
    model(root, "m", "version_policy { specific { versions: [1, 3] } }", 1, 2);
    ModelRepository repo = start();

    assertThat(repo.index())
        .containsExactly(
            row("m", "1", ModelState.READY, ""),
            row(
                "m",
                "3",
                ModelState.UNAVAILABLE,
                "m/3: missing (expected: the version folder named by version_policy)"));
    assertThatThrownBy(() -> repo.resolve("m", "3"))
        .isInstanceOf(ModelNotReadyException.class)
        .hasMessageContaining("version 3 is UNAVAILABLE: m/3: missing");
    assertThatThrownBy(() -> repo.resolve("m", "2")).isInstanceOf(ModelNotFoundException.class);
  }

  @Test
  void nonNumericFoldersAreNotVersions() {
    model(root, "m", null, 3);
    RepoFiles.write(root.resolve("m/backup/model.onnx"), "old");
    RepoFiles.write(root.resolve("m/0/model.onnx"), "zero");
    RepoFiles.mkdirs(root.resolve(".hidden/1"));
    ModelRepository repo = start();

    assertThat(repo.index()).containsExactly(row("m", "3", ModelState.READY, ""));
  }

  @Test
  void brokenModelDoesNotStopOthersAndShowsItsReason() {
    model(root, "bad", "input { name: \"x\" data_type: TYPE_FLOAT }", 1);
    model(root, "good", null, 1);
    ModelRepository repo = start();

    String reason =
        "bad/config.pbtxt:1:30: input[0].data_type: 'TYPE_FLOAT' is not a data type (expected one"
            + " of TYPE_BOOL, TYPE_UINT8, TYPE_UINT16, TYPE_UINT32, TYPE_UINT64, TYPE_INT8,"
            + " TYPE_INT16, TYPE_INT32, TYPE_INT64, TYPE_FP16, TYPE_FP32, TYPE_FP64, TYPE_BF16,"
            + " TYPE_STRING)";
    assertThat(repo.index())
        .containsExactly(
            row("bad", "", ModelState.UNAVAILABLE, reason), row("good", "1", ModelState.READY, ""));
    assertThatThrownBy(() -> repo.resolve("bad", ""))
        .isInstanceOf(ModelNotReadyException.class)
        .hasMessage("model 'bad' is not ready: " + reason);
    assertThatThrownBy(() -> repo.config("bad")).isInstanceOf(ModelNotReadyException.class);
  }

  @Test
  void modelWithoutVersionsShowsAnEmptyVersionRow() {
    model(root, "empty", "max_batch_size: 0");
    ModelRepository repo = start();

    assertThat(repo.index())
        .containsExactly(
            row(
                "empty",
                "",
                ModelState.UNAVAILABLE,
                "empty: no version folder (expected: a numeric folder such as empty/1)"));
  }

  @Test
  void missingModelFileIsReportedRelativeToTheRepository() {
    RepoFiles.write(root.resolve("m/1/other.bin"), "x");
    model(root, "n", "backend: \"onnxruntime\"");
    RepoFiles.write(root.resolve("n/1/other.bin"), "x");
    ModelRepository repo = start();

    assertThat(repo.index())
        .containsExactly(
            row(
                "m",
                "",
                ModelState.UNAVAILABLE,
                "m: no backend recognises the model (expected: platform or backend in"
                    + " m/config.pbtxt, or a version folder holding one of model.onnx)"),
            row(
                "n",
                "",
                ModelState.UNAVAILABLE,
                "n/1/model.onnx: missing (expected: the model file in every version folder)"));
    assertThat(repo.index()).allMatch(r -> !r.reason().contains(root.toString()));
  }

  @Test
  void unservedPlatformIsNamed() {
    model(root, "tf", "platform: \"tensorflow_savedmodel\"", 1);
    ModelRepository repo = start();

    assertThat(repo.index().get(0).reason())
        .isEqualTo(
            "tf/config.pbtxt: platform: 'tensorflow_savedmodel' is not served (expected one of"
                + " onnxruntime (onnxruntime_onnx))");
  }

  @Test
  void failingVersionShowsItsReasonWhileOthersServe() {
    model(root, "m", "version_policy { all {} }", 1, 2);
    backend.failLoad("m/2");
    ModelRepository repo = start();

    assertThat(repo.index())
        .containsExactly(
            row("m", "1", ModelState.READY, ""),
            row("m", "2", ModelState.UNAVAILABLE, "m/2/model.onnx: scripted failure"));
    assertThat(repo.resolve("m", "").id().version()).isEqualTo(1);
  }

  @Test
  void versionWhoseFileDisagreesWithTheNewestIsNotServed() {
    model(root, "m", "version_policy { all {} }", 1, 2);
    backend.signature(
        "m/1",
        new io.medulla.runtime.ModelSignature(
            List.of(io.medulla.inference.TensorSpec.of("x", DataType.FP32, Shape.of(-1, 8))),
            FakeBackend.BATCHABLE.outputs()));
    ModelRepository repo = start();

    assertThat(repo.index().get(0).state()).isEqualTo(ModelState.UNAVAILABLE);
    assertThat(repo.index().get(0).reason())
        .startsWith("m/1/model.onnx: declares inputs or outputs");
    assertThat(repo.index().get(1)).isEqualTo(row("m", "2", ModelState.READY, ""));
  }

  @Test
  void loadSpecCarriesBindingsInstancesProvidersAndParameters() {
    model(
        root,
        "m",
        "max_batch_size: 2\n"
            + "input { name: \"x\" reshape { shape: [2, 2] } dims: [4] }\n"
            + "instance_group { count: 2 kind: KIND_GPU }\n"
            + "instance_group { count: 1 kind: KIND_CPU }\n"
            + "parameters { key: \"intra_op_thread_count\" value { string_value: \"1\" } }\n"
            + "optimization { execution_accelerators {\n"
            + "  gpu_execution_accelerator [ { name: \"tensorrt\" } ]\n"
            + "  cpu_execution_accelerator [ { name: \"OpenVINO\" parameters { key: \"k\" value: \"v\" } } ]\n"
            + "} }",
        1);
    backend.signature(
        "m",
        new io.medulla.runtime.ModelSignature(
            List.of(io.medulla.inference.TensorSpec.of("x", DataType.FP32, Shape.of(-1, 2, 2))),
            FakeBackend.BATCHABLE.outputs()));
    start();

    ModelSpec spec = backend.loaded.get(0);
    assertThat(spec.id().toString()).isEqualTo("m/1");
    assertThat(spec.modelFile()).isEqualTo(root.resolve("m/1/model.onnx"));
    assertThat(spec.maxBatchSize()).isEqualTo(2);
    assertThat(spec.inputs())
        .containsExactly(new TensorBinding("x", DataType.FP32, Shape.of(4), Shape.of(2, 2), false));
    assertThat(spec.outputs())
        .containsExactly(new TensorBinding("y", DataType.FP32, Shape.of(2), null, false));
    assertThat(spec.instanceCount()).isEqualTo(3);
    assertThat(spec.executionProviders())
        .containsExactly(
            new ExecutionProvider("tensorrt", Map.of()),
            new ExecutionProvider("cuda", Map.of()),
            new ExecutionProvider("openvino", Map.of("k", "v")));
    assertThat(spec.parameters()).isEqualTo(Map.of("intra_op_thread_count", "1"));
  }

  @Test
  void unknownModelsAndVersionsAreNotFound() {
    model(root, "m", null, 1);
    ModelRepository repo = start();

    assertThatThrownBy(() -> repo.resolve("nope", "")).isInstanceOf(ModelNotFoundException.class);
    assertThatThrownBy(() -> repo.resolve("m", "7")).isInstanceOf(ModelNotFoundException.class);
    assertThatThrownBy(() -> repo.resolve("m", "latest"))
        .isInstanceOf(ModelNotFoundException.class);
    assertThatThrownBy(() -> repo.config("nope")).isInstanceOf(ModelNotFoundException.class);
  }

  @Test
  void indexIsSortedByNameThenVersion() {
    model(root, "b", "version_policy { all {} }", 10, 2);
    model(root, "a", null, 1);
    ModelRepository repo = start();

    assertThat(repo.index())
        .extracting(r -> r.name() + "/" + r.version())
        .containsExactly("a/1", "b/2", "b/10");
  }

  @Test
  void modelsLoadConcurrentlyOnTheLoadExecutor() {
    for (int i = 0; i < 6; i++) {
      model(root, "m" + i, null, 1);
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      ModelRepository repo =
          ModelRepository.builder(root).backends(List.of(backend)).loadExecutor(pool).build();
      repo.start(Set.of());
      assertThat(repo.ready()).hasSize(6);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeUnloadsAndClosesEveryVersion() {
    model(root, "a", null, 1);
    model(root, "b", null, 1);
    RecordingListener listener = new RecordingListener();
    ModelRepository repo =
        ModelRepository.builder(root).backends(List.of(backend)).listener(listener).build();
    repo.start(Set.of());

    repo.close();

    assertThat(backend.models).allMatch(m -> m.closed).hasSize(2);
    assertThat(repo.ready()).isEmpty();
    assertThat(listener.events).contains("unloading a/1", "unloading b/1");
  }

  @Test
  void rootThatCannotBeListedFailsStart() {
    ModelRepository repo =
        ModelRepository.builder(root.resolve("absent")).backends(List.of(backend)).build();
    assertThatThrownBy(() -> repo.start(Set.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the model repository cannot be listed (NoSuchFileException)");
  }
}
