package io.medulla.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.inference.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltinFunctionsTest {
  private static final Tensor ROWS =
      Tensors.ofFloats("x", Shape.of(2, 3), 0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.9f);

  private static BoundFunction bind(String function, Map<String, Object> attrs, Tensor... inputs) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (Tensor t : inputs) {
      specs.put(t.name(), TensorSpec.of(t.name(), t.dataType(), Shape.of(-1, t.shape().dim(1))));
    }
    TensorFunction f = FunctionRegistry.builtins().get(function);
    return f.bind(specs, new FunctionAttributes(attrs));
  }

  private static List<Tensor> apply(String function, Map<String, Object> attrs, Tensor... inputs) {
    Map<String, Tensor> present = new LinkedHashMap<>();
    for (Tensor t : inputs) {
      present.put(t.name(), t);
    }
    return bind(function, attrs, inputs).apply(present);
  }

  @Test
  void argmaxPicksTheLargestAlongTheLastAxis() {
    BoundFunction f = bind("argmax", Map.of(), ROWS);
    assertThat(f.outputs()).containsExactly(TensorSpec.of("output", DataType.INT64, Shape.of(-1)));
    Tensor out = f.apply(Map.of("x", ROWS)).get(0);
    assertThat(out.shape()).isEqualTo(Shape.of(2));
    assertThat(Tensors.toLongs(out)).containsExactly(1L, 2L);
  }

  @Test
  void topKReturnsValuesAndIndicesLargestFirst() {
    List<Tensor> out = apply("top_k", Map.of("k", 2L), ROWS);
    assertThat(Tensors.toFloats(out.get(0))).containsExactly(0.7f, 0.2f, 0.9f, 0.5f);
    assertThat(Tensors.toLongs(out.get(1))).containsExactly(1L, 2L, 2L, 0L);
    assertThat(out.get(1).shape()).isEqualTo(Shape.of(2, 2));
  }

  @Test
  void softmaxRowsSumToOne() {
    float[] p = Tensors.toFloats(apply("softmax", Map.of(), ROWS).get(0));
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-6f));
    assertThat(p[1]).isGreaterThan(p[2]).isGreaterThan(p[0]);
  }

  @Test
  void thresholdAndCompareMakeBooleans() {
    Tensor t = apply("threshold", Map.of("value", 0.5), ROWS).get(0);
    assertThat(t.dataType()).isEqualTo(DataType.BOOL);
    byte[] b = new byte[6];
    t.data().get(b);
    assertThat(b).containsExactly(0, 1, 0, 1, 0, 1);
    Tensor lt = apply("compare", Map.of("op", "<", "value", 0.3), ROWS).get(0);
    lt.data().get(b);
    assertThat(b).containsExactly(1, 0, 1, 0, 0, 0);
    assertThatThrownBy(() -> bind("compare", Map.of("value", 1L), ROWS))
        .hasMessageContaining("attribute 'op' is missing");
  }

  @Test
  void castConvertsAndKeepsIntegersExact() {
    Tensor ints = Tensors.ofLongs("x", Shape.of(1, 2), Long.MAX_VALUE - 1, -3);
    assertThat(Tensors.toLongs(apply("cast", Map.of("to", "INT64"), ints).get(0)))
        .containsExactly(Long.MAX_VALUE - 1, -3L);
    assertThat(Tensors.toInts(apply("cast", Map.of("to", "INT32"), ROWS).get(0)))
        .containsExactly(0, 0, 0, 0, 0, 0);
    assertThat(Tensors.toFloats(apply("cast", Map.of("to", "FP32"), ints).get(0))[1])
        .isEqualTo(-3f);
    assertThatThrownBy(() -> bind("cast", Map.of("to", "BYTES"), ROWS))
        .hasMessageContaining("attribute 'to': 'BYTES'");
  }

  @Test
  void reshapeInfersOneDimensionAndSharesTheBuffer() {
    BoundFunction f = bind("reshape", Map.of("shape", List.of(0L, 3L, 1L)), ROWS);
    assertThat(f.outputs().get(0).shape()).isEqualTo(Shape.of(-1, 3, 1));
    Tensor out = f.apply(Map.of("x", ROWS)).get(0);
    assertThat(out.shape()).isEqualTo(Shape.of(2, 3, 1));
    assertThat(Tensors.toFloats(out)).containsExactly(Tensors.toFloats(ROWS));
    Tensor flat = apply("reshape", Map.of("shape", List.of(-1L)), ROWS).get(0);
    assertThat(flat.shape()).isEqualTo(Shape.of(6));
  }

  @Test
  void sliceTakesARangeAlongAnAxis() {
    Tensor cols = apply("slice", Map.of("axis", 1L, "start", 1L, "end", 3L), ROWS).get(0);
    assertThat(cols.shape()).isEqualTo(Shape.of(2, 2));
    assertThat(Tensors.toFloats(cols)).containsExactly(0.7f, 0.2f, 0.3f, 0.9f);
    Tensor last = apply("slice", Map.of("start", -1L), ROWS).get(0);
    assertThat(Tensors.toFloats(last)).containsExactly(0.5f, 0.3f, 0.9f);
  }

  @Test
  void concatJoinsAlongAnAxis() {
    Tensor other = Tensors.ofFloats("y", Shape.of(2, 1), 8, 9);
    Tensor out = apply("concat", Map.of("axis", 1L), ROWS, other).get(0);
    assertThat(out.shape()).isEqualTo(Shape.of(2, 4));
    assertThat(Tensors.toFloats(out)).containsExactly(0.1f, 0.7f, 0.2f, 8f, 0.5f, 0.3f, 0.9f, 9f);
    assertThat(bind("concat", Map.of("axis", 1L), ROWS, other).outputs().get(0).shape())
        .isEqualTo(Shape.of(-1, 4));
  }

  @Test
  void coalesceTakesTheFirstPresentInput() {
    Tensor fallback = Tensors.ofFloats("fallback", Shape.of(2, 3), new float[6]);
    BoundFunction f = bind("coalesce", Map.of(), ROWS, fallback);
    assertThat(f.runsWithAbsentInputs()).isTrue();
    assertThat(f.apply(Map.of("fallback", fallback)).get(0).name()).isEqualTo("output");
    assertThat(Tensors.toFloats(f.apply(Map.of("fallback", fallback)).get(0))).containsOnly(0f);
  }

  @Test
  void registeredFunctionsJoinTheBuiltinsButCannotReplaceThem() {
    TensorFunction identity =
        (inputs, attributes) ->
            BoundFunction.of(
                List.of(inputs.values().iterator().next()),
                present -> List.copyOf(present.values()));
    FunctionRegistry r = FunctionRegistry.builder().add("identity", identity).build();
    assertThat(r.names()).contains("identity", "argmax");
    assertThatThrownBy(() -> FunctionRegistry.builder().add("argmax", identity))
        .hasMessageContaining("already registered");
  }
}
