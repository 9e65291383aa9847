package io.medulla.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCompleterTest {
  private static final String FILE = "simple/1/model.onnx";
  private static final ModelSignature FIXED =
      new ModelSignature(
          List.of(
              TensorSpec.of("a", DataType.INT32, Shape.of(1, 16)),
              TensorSpec.of("b", DataType.INT32, Shape.of(1, 16))),
          List.of(TensorSpec.of("sum", DataType.INT32, Shape.of(1, 16))));

  private final FakeBackend backend = new FakeBackend();

  private ModelConfig complete(String config, ModelSignature signature, boolean strict) {
    ConfigDraft draft = ModelConfigReader.read("simple/config.pbtxt", config, "simple");
    return ConfigCompleter.complete(draft, signature, FILE, backend, strict);
  }

  private ModelConfig completeWithoutFile(ModelSignature signature) {
    ConfigDraft draft = ConfigDraft.empty("simple/config.pbtxt", "simple");
    return ConfigCompleter.complete(draft, signature, FILE, backend, false);
  }

  @Test
  void missingConfigIsCompletedWithDefaultBatchingWhenEveryFirstDimIsDynamic() {
    ModelConfig c = completeWithoutFile(FakeBackend.BATCHABLE);

    assertThat(c.name()).isEqualTo("simple");
    assertThat(c.backend()).isEqualTo("onnxruntime");
    assertThat(c.platform()).isEqualTo("onnxruntime_onnx");
    assertThat(c.defaultModelFilename()).isEqualTo("model.onnx");
    assertThat(c.maxBatchSize()).isEqualTo(ConfigCompleter.DEFAULT_MAX_BATCH_SIZE);
    assertThat(c.inputs())
        .containsExactly(new ModelInput("x", DataType.FP32, Shape.of(4), null, false));
    assertThat(c.outputs())
        .containsExactly(new ModelOutput("y", DataType.FP32, Shape.of(2), null, ""));
    assertThat(c.dynamicBatching()).isNotNull();
    assertThat(c.dynamicBatching().preferredBatchSizes()).isEmpty();
    assertThat(c.versionPolicy()).isEqualTo(new VersionPolicy.Latest(1));
  }

  @Test
  void fixedFirstDimensionMeansNoBatchingAndFullDims() {
    ModelConfig c = completeWithoutFile(FIXED);

    assertThat(c.maxBatchSize()).isZero();
    assertThat(c.dynamicBatching()).isNull();
    assertThat(c.inputs()).extracting(ModelInput::dims).containsOnly(Shape.of(1, 16));
  }

  @Test
  void oneFixedOutputDisablesDefaultBatching() {
    ModelSignature mixed =
        new ModelSignature(
            FakeBackend.BATCHABLE.inputs(),
            List.of(TensorSpec.of("y", DataType.FP32, Shape.of(2))));
    assertThat(completeWithoutFile(mixed).maxBatchSize()).isZero();
  }

  @Test
  void explicitMaxBatchSizeIsKeptWithoutAddingABatcher() {
    ModelConfig c = complete("max_batch_size: 16", FakeBackend.BATCHABLE, false);
    assertThat(c.maxBatchSize()).isEqualTo(16);
    assertThat(c.dynamicBatching()).isNull();
    assertThat(c.inputs().get(0).dims()).isEqualTo(Shape.of(4));
  }

  @Test
  void partialInputsAreFilledFromTheFileAndMissingOnesAppended() {
    ModelConfig c =
        complete(
            "max_batch_size: 0\ninput { name: \"b\" }\ninput { name: \"a\" dims: [1, 16] }",
            FIXED,
            false);
    assertThat(c.inputs())
        .containsExactly(
            new ModelInput("b", DataType.INT32, Shape.of(1, 16), null, false),
            new ModelInput("a", DataType.INT32, Shape.of(1, 16), null, false));
    assertThat(c.outputs()).extracting(ModelOutput::name).containsExactly("sum");
  }

  @Test
  void listedOutputsAreASubsetAndNotExtended() {
    ModelSignature twoOutputs =
        new ModelSignature(
            FIXED.inputs(),
            List.of(
                TensorSpec.of("sum", DataType.INT32, Shape.of(1, 16)),
                TensorSpec.of("diff", DataType.INT32, Shape.of(1, 16))));
    ModelConfig c = complete("output { name: \"diff\" }", twoOutputs, false);
    assertThat(c.outputs()).extracting(ModelOutput::name).containsExactly("diff");
  }

  @Test
  void configuredDimsMayNarrowDynamicFileDims() {
    ModelConfig c =
        complete("max_batch_size: 2 input { name: \"x\" dims: [4] }", FakeBackend.BATCHABLE, false);
    assertThat(c.inputs().get(0).dims()).isEqualTo(Shape.of(4));
    ModelSignature dynamic =
        new ModelSignature(
            List.of(TensorSpec.of("x", DataType.FP32, Shape.of(-1, -1))),
            FakeBackend.BATCHABLE.outputs());
    assertThat(complete("input { name: \"x\" dims: [7] }", dynamic, false).inputs().get(0).dims())
        .isEqualTo(Shape.of(7));
  }

  @Test
  void reshapeIsComparedWithTheFileInsteadOfDims() {
    ModelConfig c =
        complete(
            "max_batch_size: 0 input { name: \"a\" dims: [16] reshape { shape: [1, 16] } }",
            FIXED,
            false);
    assertThat(c.inputs().get(0).dims()).isEqualTo(Shape.of(16));
    assertThat(c.inputs().get(0).reshape()).isEqualTo(Shape.of(1, 16));
  }

  @Test
  void conflictingDimsNameBothSides() {
    assertThatThrownBy(
            () -> complete("max_batch_size: 0\ninput { name: \"a\" dims: [16] }", FIXED, false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "simple/config.pbtxt:2:7: input[0] 'a': dims [16] conflict with simple/1/model.onnx,"
                + " which declares [1, 16]");
  }

  @Test
  void conflictingDataTypeNamesBothSides() {
    assertThatThrownBy(() -> complete("input { name: \"a\" data_type: TYPE_FP32 }", FIXED, false))
        .hasMessage(
            "simple/config.pbtxt:1:7: input[0] 'a': data_type TYPE_FP32 conflicts with"
                + " simple/1/model.onnx, which declares TYPE_INT32");
  }

  @Test
  void unknownTensorNameListsTheFilesNames() {
    assertThatThrownBy(() -> complete("output { name: \"total\" }", FIXED, false))
        .hasMessage(
            "simple/config.pbtxt:1:8: output[0] 'total': not declared by simple/1/model.onnx"
                + " (expected one of sum)");
  }

  @Test
  void batchingNeedsADynamicFirstDimensionInTheFile() {
    assertThatThrownBy(() -> complete("max_batch_size: 8", FIXED, false))
        .hasMessageStartingWith(
            "simple/config.pbtxt: input[0] 'a': simple/1/model.onnx declares shape [1, 16], whose first dimension must be"
                + " -1 (a dynamic batch dimension) because max_batch_size is 8");
  }

  @Test
  void preferredBatchSizeAboveMaxIsRejected() {
    assertThatThrownBy(
            () ->
                complete(
                    "max_batch_size: 4 dynamic_batching { preferred_batch_size: 8 }",
                    FakeBackend.BATCHABLE,
                    false))
        .hasMessage(
            "simple/config.pbtxt: dynamic_batching.preferred_batch_size: 8 is larger than"
                + " max_batch_size 4 (expected: <= 4)");
  }

  @Test
  void dynamicBatchingWithoutBatchDimensionIsRejected() {
    assertThatThrownBy(() -> complete("dynamic_batching { }", FIXED, false))
        .hasMessageContaining("dynamic_batching: set but max_batch_size is 0");
  }

  @Test
  void warmupMustNameConfiguredInputs() {
    assertThatThrownBy(
            () ->
                complete(
                    "model_warmup { inputs { key: \"z\" value: { data_type: TYPE_FP32 dims: 4 zero_data: true } } }",
                    FakeBackend.BATCHABLE,
                    false))
        .hasMessage(
            "simple/config.pbtxt: model_warmup[0].inputs: 'z' is not an input (expected one of x)");
  }

  @Test
  void strictModeCompletesNothing() {
    assertThatThrownBy(
            () ->
                ConfigCompleter.complete(
                    ConfigDraft.empty("simple/config.pbtxt", "simple"), FIXED, FILE, backend, true))
        .hasMessageStartingWith("simple/config.pbtxt: missing (expected: a config.pbtxt");
    assertThatThrownBy(() -> complete("input { name: \"a\" }", FIXED, true))
        .hasMessageStartingWith("simple/config.pbtxt: max_batch_size: missing");
    assertThatThrownBy(() -> complete("max_batch_size: 0", FIXED, true))
        .hasMessageStartingWith("simple/config.pbtxt: input: missing");
    assertThatThrownBy(
            () ->
                complete(
                    "max_batch_size: 0 input { name: \"a\" data_type: TYPE_INT32 }"
                        + " output { name: \"sum\" data_type: TYPE_INT32 dims: [1, 16] }",
                    FIXED,
                    true))
        .hasMessageStartingWith("simple/config.pbtxt:1:25: input[0] 'a': dims: missing");
  }

  @Test
  void strictModeRequiresEveryInputOfTheFile() {
    String config =
        "max_batch_size: 0\n"
            + "input { name: \"a\" data_type: TYPE_INT32 dims: [1, 16] }\n"
            + "output { name: \"sum\" data_type: TYPE_INT32 dims: [1, 16] }\n";
    assertThatThrownBy(() -> complete(config, FIXED, true))
        .hasMessageContaining(
            "simple/1/model.onnx declares input 'b' that the config does not list");
  }

  @Test
  void strictModeAcceptsACompleteConfigAndStillValidatesIt() {
    String config =
        "max_batch_size: 0\n"
            + "input { name: \"a\" data_type: TYPE_INT32 dims: [1, 16] }\n"
            + "input { name: \"b\" data_type: TYPE_INT32 dims: [1, 16] }\n"
            + "output { name: \"sum\" data_type: TYPE_INT32 dims: [1, 16] }\n";
    assertThat(complete(config, FIXED, true).inputs()).hasSize(2);
    assertThatThrownBy(
            () -> complete(config.replace("[1, 16] }\ninput", "[1, 8] }\ninput"), FIXED, true))
        .hasMessageContaining("dims [1, 8] conflict with simple/1/model.onnx");
  }
}
