package io.medulla.runtime.onnx;

import static io.medulla.runtime.onnx.TestModels.EXAMPLES;
import static io.medulla.runtime.onnx.TestModels.TESTDATA;
import static io.medulla.runtime.onnx.TestModels.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.inference.Tensors;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelLoadException;
import io.medulla.runtime.ModelSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxBackendTest {
  private final OnnxBackend backend = new OnnxBackend();

  @Test
  void servesTheOnnxRuntimePlatformAndBackendNames() {
    assertThat(backend.name()).isEqualTo("onnxruntime");
    assertThat(backend.platform()).isEqualTo("onnxruntime_onnx");
    assertThat(backend.defaultModelFilename()).isEqualTo("model.onnx");
    assertThat(backend.accepts("onnxruntime_onnx", "")).isTrue();
    assertThat(backend.accepts("", "onnxruntime")).isTrue();
    assertThat(backend.accepts("tensorflow_savedmodel", "")).isFalse();
    assertThat(backend.accepts("", "python")).isFalse();
  }

  @Test
  void inspectReadsInputsAndOutputsWithDynamicDimensionsAsAny() {
    ModelSignature signature = backend.inspect(TestModels.file(TESTDATA, "autocomplete_add", 1));

    assertThat(signature.inputs())
        .containsExactly(
            TensorSpec.of("INPUT0", DataType.FP32, Shape.of(-1, 4)),
            TensorSpec.of("INPUT1", DataType.FP32, Shape.of(-1, 4)));
    assertThat(signature.outputs())
        .containsExactly(TensorSpec.of("OUTPUT0", DataType.FP32, Shape.of(-1, 4)));
  }

  @Test
  void inspectRefusesNonTensorInputsByName() {
    Path file = TestModels.file(TESTDATA, "sequence_input", 1);

    assertThatThrownBy(() -> backend.inspect(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("input 'ITEMS' is not a tensor");
  }

  @Test
  void inspectOfACorruptFileFailsWithoutAbsolutePaths() {
    Path file = TestModels.file(TESTDATA, "broken", 1);

    assertThatThrownBy(() -> backend.inspect(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("1/model.onnx")
        .hasMessageNotContaining(TESTDATA.toAbsolutePath().normalize().toString());
  }

  @Test
  void corruptModelFileFailsTheLoadWithAClearMessage() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(TESTDATA, "broken")
                        .inputs(binding("INPUT0", DataType.FP32, 4))
                        .outputs(binding("OUTPUT0", DataType.FP32, 4))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("model 'broken' version 1: ONNX Runtime cannot load 1/model.onnx: ")
        .hasMessageNotContaining(TESTDATA.toAbsolutePath().normalize().toString())
        .hasMessageNotContaining("..");
  }

  @Test
  void missingModelFileFailsTheLoad() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(TESTDATA, "versioned_add")
                        .version(3)
                        .inputs(binding("INPUT0", DataType.INT32, 4))
                        .outputs(binding("OUTPUT0", DataType.INT32, 4))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model 'versioned_add' version 3")
        .hasMessageContaining("3/model.onnx");
  }

  @Test
  void eachInstanceIsItsOwnSessionAndMemoryCountsEveryCopy() throws Exception {
    Path file = TestModels.file(EXAMPLES, "simple", 1);
    try (LoadedModel model =
        backend.load(
            TestModels.spec(EXAMPLES, "simple")
                .maxBatchSize(8)
                .instances(3)
                .inputs(
                    binding("INPUT0", DataType.INT32, 16), binding("INPUT1", DataType.INT32, 16))
                .outputs(binding("OUTPUT0", DataType.INT32, 16))
                .build())) {
      assertThat(model.instanceCount()).isEqualTo(3);
      assertThat(model.memoryBytes()).isEqualTo(3 * Files.size(file));
      int[] twos = new int[16];
      java.util.Arrays.fill(twos, 2);
      for (int i = 0; i < 3; i++) {
        assertThat(model.instance(i)).isNotSameAs(model.instance((i + 1) % 3));
        List<Tensor> out =
            model
                .instance(i)
                .execute(
                    List.of(
                        Tensors.ofInts("INPUT0", Shape.of(1, 16), twos),
                        Tensors.ofInts("INPUT1", Shape.of(1, 16), twos)),
                    List.of("OUTPUT0"));
        assertThat(Tensors.toInts(out.get(0))).containsOnly(4);
      }
    }
  }

  @Test
  void unavailableExecutionProviderFailsTheLoadListingTheAvailableOnes() {
    assertThatThrownBy(() -> backend.load(simple().providers("cuda").build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("execution provider 'cuda' is not available")
        .hasMessageContaining("available: ")
        .hasMessageContaining("cpu");
  }

  @Test
  void unknownExecutionProviderFailsTheLoadListingTheKnownOnes() {
    assertThatThrownBy(() -> backend.load(simple().providers("tpu").build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("unknown execution provider 'tpu'")
        .hasMessageContaining("cpu, cuda, dnnl, openvino, tensorrt");
  }

  @Test
  void explicitCpuProviderAndThreadParametersLoad() {
    try (LoadedModel model =
        backend.load(
            simple()
                .providers("cpu")
                .parameters(
                    Map.of(
                        OnnxBackend.INTRA_OP_THREAD_COUNT, "2",
                        OnnxBackend.INTER_OP_THREAD_COUNT, "1"))
                .build())) {
      assertThat(model.instanceCount()).isEqualTo(1);
    }
  }

  @Test
  void invalidThreadParameterFailsTheLoadNamingIt() {
    assertThatThrownBy(
            () ->
                backend.load(
                    simple().parameters(Map.of(OnnxBackend.INTRA_OP_THREAD_COUNT, "many")).build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("parameter 'intra_op_thread_count' is 'many'")
        .hasMessageContaining("expected: an integer >= 0");
  }

  @Test
  void configuredInputMissingFromTheModelFailsTheLoad() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(EXAMPLES, "simple")
                        .maxBatchSize(8)
                        .inputs(
                            binding("INPUT0", DataType.INT32, 16), binding("X", DataType.INT32, 16))
                        .outputs(binding("OUTPUT0", DataType.INT32, 16))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("input 'X' is configured but 1/model.onnx has no such input")
        .hasMessageContaining("INPUT0, INPUT1");
  }

  @Test
  void modelInputLeftOutOfTheConfigurationFailsTheLoad() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(EXAMPLES, "simple")
                        .maxBatchSize(8)
                        .inputs(binding("INPUT0", DataType.INT32, 16))
                        .outputs(binding("OUTPUT0", DataType.INT32, 16))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("has input 'INPUT1', which is not configured");
  }

  @Test
  void typeMismatchFailsTheLoadNamingBothTypes() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(EXAMPLES, "simple")
                        .maxBatchSize(8)
                        .inputs(
                            binding("INPUT0", DataType.FP32, 16),
                            binding("INPUT1", DataType.INT32, 16))
                        .outputs(binding("OUTPUT0", DataType.INT32, 16))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("input 'INPUT0' is TYPE_FP32 in the configuration but TYPE_INT32");
  }

  @Test
  void shapeMismatchFailsTheLoad() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(EXAMPLES, "simple")
                        .maxBatchSize(8)
                        .inputs(
                            binding("INPUT0", DataType.INT32, 8),
                            binding("INPUT1", DataType.INT32, 16))
                        .outputs(binding("OUTPUT0", DataType.INT32, 16))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("input 'INPUT0' has shape [-1, 8] per the configuration")
        .hasMessageContaining("[-1, 16]");
  }

  @Test
  void batchingAModelWithoutABatchDimensionFailsTheLoad() {
    assertThatThrownBy(
            () ->
                backend.load(
                    TestModels.spec(EXAMPLES, "simple")
                        .maxBatchSize(0)
                        .inputs(
                            binding("INPUT0", DataType.INT32, 16),
                            binding("INPUT1", DataType.INT32, 16))
                        .outputs(binding("OUTPUT0", DataType.INT32, 16))
                        .build()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("batch dimension none");
  }

  private static TestModels.Spec simple() {
    return TestModels.spec(EXAMPLES, "simple")
        .maxBatchSize(8)
        .inputs(binding("INPUT0", DataType.INT32, 16), binding("INPUT1", DataType.INT32, 16))
        .outputs(binding("OUTPUT0", DataType.INT32, 16));
  }
}
