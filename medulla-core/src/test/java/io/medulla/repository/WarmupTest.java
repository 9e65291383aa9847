package io.medulla.repository;

import static io.medulla.repository.RepoFiles.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.inference.Tensors;
import io.medulla.repository.FakeBackend.Execution;
import io.medulla.repository.FakeBackend.FakeLoadedModel;
import io.medulla.runtime.ModelSignature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm-up runs on every instance between the backend load and READY, as Triton's model_warmup. */
class WarmupTest {
  @TempDir Path root;
  @TempDir Path outside;
  final FakeBackend backend = new FakeBackend();
  final RecordingListener listener = new RecordingListener();

  private ModelRepository start(String... models) {
    ModelRepository repo =
        ModelRepository.builder(root)
            .backends(List.of(backend))
            .controlMode(ModelControlMode.EXPLICIT)
            .listener(listener)
            .residentMemory(ResidentMemory.NONE)
            .build();
    repo.start(Set.of(models));
    return repo;
  }

  private FakeLoadedModel loaded(ModelRepository repo, String name) {
    return (FakeLoadedModel) repo.resolve(name, "").model();
  }

  private static List<String> shapes(List<Execution> executions) {
    return executions.stream()
        .map(e -> e.instance() + " " + e.inputs().stream().map(t -> t.name() + t.shape()).toList())
        .toList();
  }

  private static byte[] bytes(Tensor t) {
    ByteBuffer b = t.data();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static String warmup(String name, int batch, int count, String inputs) {
    return "model_warmup { name: \""
        + name
        + "\" batch_size: "
        + batch
        + " count: "
        + count
        + " "
        + inputs
        + " }\n";
  }

  private static String input(String name, String type, String dims, String source) {
    return "inputs { key: \""
        + name
        + "\" value: { data_type: "
        + type
        + " dims: "
        + dims
        + " "
        + source
        + " } }";
  }

  @Test
  void versionGoesLoadingWarmingReadyAndWarmsUpBeforeItIsAnnounced() {
    model(root, "m", "max_batch_size: 8", 1);
    backend.journal = listener.journal;

    start("m");

    assertThat(listener.journal)
        .containsExactly(
            "state m/1 LOADING",
            "load m/1",
            "state m/1 WARMING",
            "execute m/1 #0",
            "loaded m/1",
            "ready m/1",
            "state m/1 READY");
  }

  @Test
  void configuredSamplesRunCountTimesOnEveryInstanceWithTheBatchDimension() {
    model(
        root,
        "m",
        "max_batch_size: 8\ninstance_group { count: 2 }\n"
            + warmup("zeros", 4, 3, input("x", "TYPE_FP32", "[4]", "zero_data: true"))
            + warmup("once", 2, 0, input("x", "TYPE_FP32", "[-1]", "random_data: true")),
        1);

    ModelRepository repo = start("m");

    List<Execution> runs = loaded(repo, "m").executions;
    assertThat(shapes(runs))
        .containsExactly(
            "0 [x[4, 4]]",
            "0 [x[4, 4]]",
            "0 [x[4, 4]]",
            "0 [x[2, 1]]",
            "1 [x[4, 4]]",
            "1 [x[4, 4]]",
            "1 [x[4, 4]]",
            "1 [x[2, 1]]");
    assertThat(runs).allSatisfy(e -> assertThat(e.outputs()).containsExactly("y"));
    assertThat(Tensors.toFloats(runs.get(0).inputs().get(0))).containsOnly(0f).hasSize(16);
    assertThat(listener.reports.get(0).warmupRuns()).isEqualTo(8);
  }

  @Test
  void randomDataIsTheSameOnEveryLoadAndRepeatedPerBatchRow() {
    String config =
        "max_batch_size: 8\n"
            + warmup("r", 2, 1, input("x", "TYPE_FP32", "[4]", "random_data: true"));
    model(root, "a", config, 1);
    model(root, "b", config, 1);

    ModelRepository repo = start("a", "b");

    float[] a = Tensors.toFloats(loaded(repo, "a").executions.get(0).inputs().get(0));
    float[] b = Tensors.toFloats(loaded(repo, "b").executions.get(0).inputs().get(0));
    assertThat(a).containsExactly(b);
    for (float v : a) {
      assertThat(v).isGreaterThanOrEqualTo(0f).isLessThan(1f);
    }
    assertThat(java.util.Arrays.copyOfRange(a, 0, 4))
        .containsExactly(java.util.Arrays.copyOfRange(a, 4, 8))
        .isNotEqualTo(new float[4]);
  }

  @Test
  void randomDataOfEveryFixedSizeTypeIsInRange() {
    StringBuilder inputs = new StringBuilder();
    StringBuilder warm = new StringBuilder();
    List<DataType> types =
        List.of(
            DataType.BOOL,
            DataType.UINT8,
            DataType.INT16,
            DataType.UINT32,
            DataType.INT64,
            DataType.FP16,
            DataType.BF16,
            DataType.FP64);
    List<TensorSpec> specs =
        types.stream().map(t -> TensorSpec.of("in_" + t, t, Shape.of(-1, 8))).toList();
    for (DataType t : types) {
      inputs.append("input { name: \"in_").append(t).append("\" data_type: ");
      inputs.append(t.configName()).append(" dims: [8] }\n");
      warm.append(input("in_" + t, t.configName(), "[8]", "random_data: true"));
    }
    backend.signature(
        "typed",
        new ModelSignature(specs, List.of(TensorSpec.of("y", DataType.FP32, Shape.of(-1, 1)))));
    model(
        root,
        "typed",
        "max_batch_size: 1\n"
            + inputs
            + "output { name: \"y\" data_type: TYPE_FP32 dims: [1] }\n"
            + "model_warmup { name: \"all\" "
            + warm
            + " }",
        1);

    ModelRepository repo = start("typed");

    List<Tensor> sent = loaded(repo, "typed").executions.get(0).inputs();
    assertThat(sent).extracting(Tensor::dataType).containsExactlyElementsOf(types);
    ByteBuffer bools = sent.get(0).data();
    while (bools.hasRemaining()) {
      assertThat(bools.get()).isBetween((byte) 0, (byte) 1);
    }
    ByteBuffer longs = sent.get(4).data();
    while (longs.hasRemaining()) {
      assertThat(longs.getLong()).isBetween(0L, 63L);
    }
    ByteBuffer halves = sent.get(5).data();
    while (halves.hasRemaining()) {
      assertThat(Float.float16ToFloat(halves.getShort())).isBetween(0f, 1f);
    }
    ByteBuffer brains = sent.get(6).data();
    while (brains.hasRemaining()) {
      assertThat(Float.intBitsToFloat(brains.getShort() << 16)).isBetween(0f, 1f);
    }
  }

  @Test
  void fileDataComesFromTheWarmupFolderAndRepeatsPerBatchRow() {
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + warmup("file", 3, 1, input("x", "TYPE_FP32", "[4]", "input_data_file: \"x.bin\"")),
        1);
    ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    raw.putFloat(1.5f).putFloat(-2f).putFloat(3f).putFloat(4.25f);
    write(root.resolve("m/warmup/x.bin"), raw.array());

    ModelRepository repo = start("m");

    Tensor x = loaded(repo, "m").executions.get(0).inputs().get(0);
    assertThat(x.shape()).isEqualTo(Shape.of(3, 4));
    assertThat(Tensors.toFloats(x))
        .containsExactly(1.5f, -2f, 3f, 4.25f, 1.5f, -2f, 3f, 4.25f, 1.5f, -2f, 3f, 4.25f);
  }

  @Test
  void bytesInputsReadLengthPrefixedElementsAndZerosAreEmptyStrings() {
    backend.signature(
        "s",
        new ModelSignature(
            List.of(
                TensorSpec.of("text", DataType.BYTES, Shape.of(2)),
                TensorSpec.of("blank", DataType.BYTES, Shape.of(3))),
            List.of(TensorSpec.of("y", DataType.BYTES, Shape.of(1)))));
    model(
        root,
        "s",
        "max_batch_size: 0\n"
            + "model_warmup { name: \"strings\" batch_size: 1 "
            + input("text", "TYPE_STRING", "[2]", "input_data_file: \"text.bin\"")
            + input("blank", "TYPE_STRING", "[3]", "random_data: true")
            + " }",
        1);
    write(
        root.resolve("s/warmup/text.bin"), bytes(Tensors.ofStrings("t", Shape.of(2), "héllo", "")));

    ModelRepository repo = start("s");

    List<Tensor> sent = loaded(repo, "s").executions.get(0).inputs();
    assertThat(sent.get(0).shape()).isEqualTo(Shape.of(2));
    assertThat(Tensors.toStrings(sent.get(0))).containsExactly("héllo", "");
    assertThat(Tensors.toStrings(sent.get(1))).containsExactly("", "", "");
  }

  @Test
  void aFileOfTheWrongSizeSaysWhatWasExpected() {
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + warmup("file", 1, 1, input("x", "TYPE_FP32", "[4]", "input_data_file: \"x.bin\"")),
        1);
    write(root.resolve("m/warmup/x.bin"), new byte[12]);

    ModelRepository repo = start("m");

    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus(
                "m",
                "1",
                ModelState.UNAVAILABLE,
                "m/config.pbtxt: warm-up 'file': input 'x': m/warmup/x.bin holds 12 bytes"
                    + " (expected: 16 bytes, 4 FP32 elements)"));
    assertThat(backend.loaded).isEmpty();
  }

  @Test
  void aBytesFileWithTheWrongElementCountIsRefused() {
    backend.signature(
        "s",
        new ModelSignature(
            List.of(TensorSpec.of("text", DataType.BYTES, Shape.of(2))),
            List.of(TensorSpec.of("y", DataType.BYTES, Shape.of(1)))));
    model(
        root,
        "s",
        "max_batch_size: 0\nmodel_warmup { name: \"w\" batch_size: 1 "
            + input("text", "TYPE_STRING", "[2]", "input_data_file: \"t.bin\"")
            + " }",
        1);
    write(root.resolve("s/warmup/t.bin"), bytes(Tensors.ofStrings("t", Shape.of(1), "one")));

    ModelRepository repo = start("s");

    assertThat(repo.index().get(0).reason())
        .isEqualTo(
            "s/config.pbtxt: warm-up 'w': input 'text': s/warmup/t.bin holds 1 BYTES elements"
                + " (expected: 2, each a 4-byte little-endian length and its bytes)");
  }

  @Test
  void filesOutsideTheWarmupFolderAreRefused() throws IOException {
    write(outside.resolve("secret.bin"), new byte[16]);
    for (String file :
        List.of("../config.pbtxt", "../../other/x.bin", outside.resolve("secret.bin").toString())) {
      RepoFiles.deleteTree(root);
      Files.createDirectories(root);
      model(
          root,
          "m",
          "max_batch_size: 8\n"
              + warmup(
                  "f", 1, 1, input("x", "TYPE_FP32", "[4]", "input_data_file: \"" + file + "\"")),
          1);

      ModelRepository repo = start("m");

      assertThat(repo.index().get(0).reason())
          .as(file)
          .isEqualTo(
              "m/config.pbtxt: warm-up 'f': input 'x': input_data_file '"
                  + file
                  + "' is not inside the model's warmup folder (expected: a file name relative to"
                  + " warmup/)");
    }
    assertThat(backend.loaded).isEmpty();
  }

  @Test
  void aLinkOutOfTheModelFolderIsRefused() throws IOException {
    write(outside.resolve("secret.bin"), new byte[16]);
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + warmup("f", 1, 1, input("x", "TYPE_FP32", "[4]", "input_data_file: \"link.bin\"")),
        1);
    Files.createDirectories(root.resolve("m/warmup"));
    Files.createSymbolicLink(root.resolve("m/warmup/link.bin"), outside.resolve("secret.bin"));

    ModelRepository repo = start("m");

    assertThat(repo.index().get(0).reason()).contains("'link.bin' is not inside the model's");
    assertThat(backend.loaded).isEmpty();
  }

  @Test
  void aFailingWarmupFailsOnlyThatVersionAndClosesIt() {
    model(root, "bad", "max_batch_size: 8", 1);
    model(root, "good", "max_batch_size: 8", 1);
    backend.failExecute("bad/1");

    ModelRepository repo = start("bad", "good");

    assertThat(repo.index())
        .containsExactly(
            new ModelVersionStatus(
                "bad",
                "1",
                ModelState.UNAVAILABLE,
                "model 'bad' version 1: warm-up 'default_batch_1' failed on instance 0: scripted"
                    + " failure"),
            new ModelVersionStatus("good", "1", ModelState.READY, ""));
    assertThat(backend.models)
        .filteredOn(m -> m.id().name().equals("bad"))
        .singleElement()
        .satisfies(m -> assertThat(m.closed).isTrue());
    assertThat(listener.events).containsExactly("ready good/1");
    assertThat(listener.reports).extracting(r -> r.id().name()).containsExactly("good");
  }

  @Test
  void defaultWarmupRunsZerosAtBatchOneAndEachPreferredSizeLeavingOptionalInputsOut() {
    backend.signature(
        "m",
        new ModelSignature(
            List.of(
                TensorSpec.of("x", DataType.INT64, Shape.of(-1, -1, 3)),
                TensorSpec.of("opt", DataType.FP32, Shape.of(-1, 2))),
            List.of(
                TensorSpec.of("y", DataType.FP32, Shape.of(-1, 2)),
                TensorSpec.of("z", DataType.FP32, Shape.of(-1, 1)))));
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + "input { name: \"x\" data_type: TYPE_INT64 dims: [-1, 3] }\n"
            + "input { name: \"opt\" data_type: TYPE_FP32 dims: [2] optional: true }\n"
            + "dynamic_batching { preferred_batch_size: [8, 4] }",
        1);

    ModelRepository repo = start("m");

    List<Execution> runs = loaded(repo, "m").executions;
    assertThat(shapes(runs)).containsExactly("0 [x[1, 1, 3]]", "0 [x[4, 1, 3]]", "0 [x[8, 1, 3]]");
    assertThat(runs.get(0).outputs()).containsExactly("y", "z");
    assertThat(Tensors.toLongs(runs.get(2).inputs().get(0))).containsOnly(0L).hasSize(24);
  }

  @Test
  void defaultWarmupOfANonBatchingModelHasNoBatchDimension() {
    backend.signature(
        "m",
        new ModelSignature(
            List.of(TensorSpec.of("x", DataType.BOOL, Shape.of(-1, 5))),
            List.of(TensorSpec.of("y", DataType.FP32, Shape.of(1)))));
    model(root, "m", "max_batch_size: 0", 1);

    ModelRepository repo = start("m");

    assertThat(shapes(loaded(repo, "m").executions)).containsExactly("0 [x[1, 5]]");
  }

  @Test
  void defaultWarmupCanBeSwitchedOff() {
    model(
        root,
        "m",
        "max_batch_size: 8\n"
            + "parameters { key: \"medulla.default_warmup\" value: { string_value: \"false\" } }",
        1);

    ModelRepository repo = start("m");

    assertThat(loaded(repo, "m").executions).isEmpty();
    assertThat(listener.reports.get(0).warmupRuns()).isZero();
    assertThat(listener.states)
        .extracting(ModelVersionStatus::state)
        .containsSubsequence(ModelState.LOADING, ModelState.WARMING, ModelState.READY);
  }

  private static void write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
