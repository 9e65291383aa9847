package io.medulla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.VersionPolicy;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileInputsTest {
  private static ModelConfig config(int maxBatchSize, List<ModelInput> inputs) {
    return new ModelConfig(
        "m",
        "onnxruntime_onnx",
        "",
        maxBatchSize,
        inputs,
        List.of(),
        new VersionPolicy.Latest(1),
        List.of(),
        null,
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        "model.onnx");
  }

  private static final List<ModelInput> INPUTS =
      List.of(
          new ModelInput("x", DataType.FP32, Shape.of(-1, 3), null, false),
          new ModelInput("mask", DataType.BOOL, Shape.of(3), null, true),
          new ModelInput("ids", DataType.INT64, Shape.of(2), null, false),
          new ModelInput("text", DataType.BYTES, Shape.of(2), null, false));

  @Test
  void prependsTheBatchAndTakesADynamicDimensionAsOneLeavingOptionalInputsOut() {
    List<Tensor> t = ProfileInputs.of(config(8, INPUTS), 4);

    assertThat(t).extracting(Tensor::name).containsExactly("x", "ids", "text");
    assertThat(t)
        .extracting(Tensor::shape)
        .containsExactly(Shape.of(4, 1, 3), Shape.of(4, 2), Shape.of(4, 2));
    assertThat(t.get(0).byteSize()).isEqualTo(4 * 3 * 4);
    assertThat(t.get(2).byteSize()).as("empty strings: a 4-byte length each").isEqualTo(8 * 4);
  }

  @Test
  void aModelWithoutBatchDimensionGetsTheItemShape() {
    List<Tensor> t = ProfileInputs.of(config(0, INPUTS), 1);

    assertThat(t.get(0).shape()).isEqualTo(Shape.of(1, 3));
  }

  @Test
  void valuesAreDeterministicInRangeAndNotAllZero() {
    Tensor a = ProfileInputs.of(config(8, INPUTS), 2).get(0);
    Tensor b = ProfileInputs.of(config(8, INPUTS), 2).get(0);
    List<Float> values = new ArrayList<>();
    FloatBuffer floats = a.data().asFloatBuffer();
    while (floats.hasRemaining()) {
      values.add(floats.get());
    }
    List<Long> ids = new ArrayList<>();
    LongBuffer longs = ProfileInputs.of(config(8, INPUTS), 2).get(1).data().asLongBuffer();
    while (longs.hasRemaining()) {
      ids.add(longs.get());
    }

    assertThat(a.data()).isEqualTo(b.data());
    assertThat(values).hasSize(6).allMatch(v -> v >= 0 && v < 1).anyMatch(v -> v > 0);
    assertThat(ids).hasSize(4).allMatch(v -> v >= 0 && v < 64);
  }
}
