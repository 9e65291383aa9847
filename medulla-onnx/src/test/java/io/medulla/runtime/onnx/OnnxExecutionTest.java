package io.medulla.runtime.onnx;

import static io.medulla.runtime.onnx.TestModels.EXAMPLES;
import static io.medulla.runtime.onnx.TestModels.TESTDATA;
import static io.medulla.runtime.onnx.TestModels.binding;
import static io.medulla.runtime.onnx.TestModels.reshaped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.medulla.inference.DataType;
import io.medulla.inference.InferenceException;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.runtime.LoadedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxExecutionTest {
  /**
   * The first two rows of mlp_classifier's output for {@link #mlpInput}, computed with numpy in
   * float64 by {@code /usr/bin/python3 tools/gen_models.py --mlp-reference}.
   */
  private static final double[][] MLP_REFERENCE = {
    {
      8.6824868e-02, 9.5629696e-02, 9.6371135e-02, 5.1478398e-02, 1.0319080e-01,
      1.1920804e-01, 1.4143399e-01, 1.1066367e-01, 8.2343819e-02, 1.1285559e-01
    },
    {
      7.1610530e-02, 9.0869847e-02, 2.9067357e-02, 1.5831217e-01, 1.2047760e-01,
      2.6425210e-02, 1.5722499e-01, 1.9657308e-01, 1.0782107e-01, 4.1618156e-02
    }
  };

  private final OnnxBackend backend = new OnnxBackend();

  @Test
  void simpleAddsAndSubtractsAtBatchOneAndEight() {
    try (LoadedModel model = backend.load(simpleSpec())) {
      for (int batch : new int[] {1, 8}) {
        int[] a = new int[batch * 16];
        int[] b = new int[batch * 16];
        for (int i = 0; i < a.length; i++) {
          a[i] = i * 3 - 50;
          b[i] = 7 - i;
        }
        Shape shape = Shape.of(batch, 16);

        List<Tensor> out =
            model
                .instance(0)
                .execute(
                    List.of(Tensors.ofInts("INPUT0", shape, a), Tensors.ofInts("INPUT1", shape, b)),
                    List.of("OUTPUT0", "OUTPUT1"));

        int[] sum = new int[a.length];
        int[] diff = new int[a.length];
        for (int i = 0; i < a.length; i++) {
          sum[i] = a[i] + b[i];
          diff[i] = a[i] - b[i];
        }
        assertThat(out.get(0).shape()).isEqualTo(shape);
        assertThat(Tensors.toInts(out.get(0))).containsExactly(sum);
        assertThat(Tensors.toInts(out.get(1))).containsExactly(diff);
      }
    }
  }

  @Test
  void onlyTheRequestedOutputsComeBackInTheOrderNamed() {
    try (LoadedModel model = backend.load(simpleSpec())) {
      Shape shape = Shape.of(1, 16);
      int[] ones = new int[16];
      Arrays.fill(ones, 1);

      List<Tensor> out =
          model
              .instance(0)
              .execute(
                  List.of(
                      Tensors.ofInts("INPUT0", shape, ones), Tensors.ofInts("INPUT1", shape, ones)),
                  List.of("OUTPUT1"));

      assertThat(out).extracting(Tensor::name).containsExactly("OUTPUT1");
      assertThat(Tensors.toInts(out.get(0))).containsOnly(0);
    }
  }

  @Test
  void mlpMatchesTheNumpyReferenceAndBatchedRowsEqualUnbatchedOnes() {
    try (LoadedModel model = backend.load(mlpSpec())) {
      float[][] alone = new float[32][];
      for (int row = 0; row < 32; row++) {
        alone[row] = runMlp(model, mlpInput(row, 1));
      }
      for (int row = 0; row < 2; row++) {
        for (int k = 0; k < 10; k++) {
          assertThat((double) alone[row][k]).isCloseTo(MLP_REFERENCE[row][k], within(1e-5));
        }
      }
      for (int batch : new int[] {1, 8, 32}) {
        float[] probabilities = runMlp(model, mlpInput(0, batch));
        assertThat(probabilities).hasSize(batch * 10);
        for (int row = 0; row < batch; row++) {
          float[] got = Arrays.copyOfRange(probabilities, row * 10, row * 10 + 10);
          float sum = 0;
          for (float p : got) {
            sum += p;
          }
          assertThat(sum).isCloseTo(1f, within(1e-5f));
          assertThat(got)
              .as("batch %d row %d", batch, row)
              .containsExactly(alone[row], within(1e-6f));
        }
      }
    }
  }

  @Test
  void configuredReshapeIsAppliedToInputsAndUndoneOnOutputs() {
    try (LoadedModel model =
        backend.load(
            TestModels.spec(TESTDATA, "reshape")
                .maxBatchSize(8)
                .inputs(reshaped("INPUT0", DataType.FP32, new long[] {4}, new long[] {2, 2}))
                .outputs(
                    reshaped("OUTPUT0", DataType.FP32, new long[] {4}, new long[] {2, 2}),
                    binding("OUTPUT1", DataType.FP32, 2))
                .build())) {
      float[] in = {1, 2, 3, 4, 10, 20, 30, 40};

      List<Tensor> out =
          model
              .instance(0)
              .execute(
                  List.of(Tensors.ofFloats("INPUT0", Shape.of(2, 4), in)),
                  List.of("OUTPUT0", "OUTPUT1"));

      // Each row [a b c d] is the 2x2 matrix [[a b] [c d]]: transposed, then summed by row.
      assertThat(out.get(0).shape()).isEqualTo(Shape.of(2, 4));
      assertThat(Tensors.toFloats(out.get(0))).containsExactly(1, 3, 2, 4, 10, 30, 20, 40);
      assertThat(out.get(1).shape()).isEqualTo(Shape.of(2, 2));
      assertThat(Tensors.toFloats(out.get(1))).containsExactly(3, 7, 30, 70);
    }
  }

  @Test
  void stringsRoundTripAsUtf8Bytes() {
    try (LoadedModel model =
        backend.load(
            TestModels.spec(EXAMPLES, "string_identity")
                .maxBatchSize(8)
                .inputs(binding("INPUT0", DataType.BYTES, -1))
                .outputs(binding("OUTPUT0", DataType.BYTES, -1))
                .build())) {
      Tensor in = Tensors.ofStrings("INPUT0", Shape.of(2, 2), "a", "", "zwölf", "猫");

      Tensor out = model.instance(0).execute(List.of(in), List.of("OUTPUT0")).get(0);

      assertThat(out.dataType()).isEqualTo(DataType.BYTES);
      assertThat(out.shape()).isEqualTo(Shape.of(2, 2));
      assertThat(Tensors.toStrings(out)).containsExactly("a", "", "zwölf", "猫");
    }
  }

  @Test
  void variableLengthInputKeepsItsLengthAndDirectBuffersAreAccepted() {
    try (LoadedModel model =
        backend.load(
            TestModels.spec(EXAMPLES, "identity_fp32")
                .maxBatchSize(8)
                .inputs(binding("INPUT0", DataType.FP32, -1))
                .outputs(binding("OUTPUT0", DataType.FP32, -1))
                .build())) {
      ByteBuffer direct = ByteBuffer.allocateDirect(3 * 7 * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 21; i++) {
        direct.putFloat(i / 4f);
      }
      direct.flip();
      Tensor in = Tensor.of("INPUT0", DataType.FP32, Shape.of(3, 7), direct);

      Tensor out = model.instance(0).execute(List.of(in), List.of("OUTPUT0")).get(0);

      assertThat(out.shape()).isEqualTo(Shape.of(3, 7));
      assertThat(Tensors.toFloats(out)).containsExactly(Tensors.toFloats(in));
    }
  }

  @Test
  void eachVersionRunsItsOwnFile() {
    for (int version : new int[] {1, 2}) {
      try (LoadedModel model =
          backend.load(
              TestModels.spec(TESTDATA, "versioned_add")
                  .version(version)
                  .maxBatchSize(8)
                  .inputs(binding("INPUT0", DataType.INT32, 4))
                  .outputs(binding("OUTPUT0", DataType.INT32, 4))
                  .build())) {
        Tensor out =
            model
                .instance(0)
                .execute(
                    List.of(Tensors.ofInts("INPUT0", Shape.of(1, 4), 0, 1, 2, 3)),
                    List.of("OUTPUT0"))
                .get(0);

        assertThat(model.id().version()).isEqualTo(version);
        assertThat(Tensors.toInts(out))
            .containsExactly(version, 1 + version, 2 + version, 3 + version);
      }
    }
  }

  @Test
  void runtimeRejectionIsAnInternalErrorNamingTheModelWithoutPaths() {
    try (LoadedModel model = backend.load(simpleSpec())) {
      Shape wrong = Shape.of(1, 15);
      List<Tensor> inputs =
          List.of(
              Tensors.ofInts("INPUT0", wrong, new int[15]),
              Tensors.ofInts("INPUT1", wrong, new int[15]));

      assertThatThrownBy(() -> model.instance(0).execute(inputs, List.of("OUTPUT0")))
          .isInstanceOfSatisfying(
              InferenceException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.INTERNAL))
          .hasMessageStartingWith("model 'simple' version 1 failed to execute: ")
          .hasMessageContaining("Got invalid dimensions for input: INPUT0")
          .hasMessageNotContaining("Error code")
          .hasMessageNotContaining(EXAMPLES.toAbsolutePath().normalize().toString());
    }
  }

  private static float[] runMlp(LoadedModel model, Tensor input) {
    Tensor out = model.instance(0).execute(List.of(input), List.of("probabilities")).get(0);
    assertThat(out.shape()).isEqualTo(Shape.of(input.shape().dim(0), 10));
    return Tensors.toFloats(out);
  }

  /** Builds rows {@code first..first+rows-1} of the input tools/gen_models.py's mlp_input makes. */
  private static Tensor mlpInput(int first, int rows) {
    float[] x = new float[rows * 256];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < 256; j++) {
        x[r * 256 + j] = (((first + r) * 7 + j * 13) % 17 - 8) / 8f;
      }
    }
    return Tensors.ofFloats("features", Shape.of(rows, 256), x);
  }

  private static io.medulla.runtime.ModelSpec simpleSpec() {
    return TestModels.spec(EXAMPLES, "simple")
        .maxBatchSize(8)
        .inputs(binding("INPUT0", DataType.INT32, 16), binding("INPUT1", DataType.INT32, 16))
        .outputs(binding("OUTPUT0", DataType.INT32, 16), binding("OUTPUT1", DataType.INT32, 16))
        .build();
  }

  private static io.medulla.runtime.ModelSpec mlpSpec() {
    return TestModels.spec(EXAMPLES, "mlp_classifier")
        .maxBatchSize(32)
        .inputs(binding("features", DataType.FP32, 256))
        .outputs(binding("probabilities", DataType.FP32, 10))
        .build();
  }
}
