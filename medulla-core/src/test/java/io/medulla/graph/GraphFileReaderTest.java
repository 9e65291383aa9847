package io.medulla.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphFileReaderTest {
  /** Returns an ordered map from alternating keys and values, as a YAML parser makes. */
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> document(Map<String, Object> step) {
    return map(
        "inputs", List.of(map("name", "image", "datatype", "FP32", "shape", List.of(-1, 4))),
        "outputs",
            List.of(
                map(
                    "name",
                    "severity",
                    "datatype",
                    "FP32",
                    "shape",
                    List.of(-1, 1),
                    "from",
                    "detail.severity",
                    "optional",
                    true)),
        "steps", List.of(step));
  }

  private static Map<String, Object> detail() {
    return map(
        "name", "detail",
        "model", "detail",
        "version", 2,
        "inputs", map("image", "inputs.image"),
        "when", List.of("any(inputs.image > 0.5)", "present(inputs.image)"),
        "timeout", "250ms",
        "on_error", "continue");
  }

  @Test
  void readsEveryFieldOfAStep() {
    GraphDefinition d = GraphFileReader.read("g", document(detail()));
    GraphStep s = d.steps().get(0);
    assertThat(s.call()).isEqualTo(new StepCall.Model("detail", "2"));
    assertThat(s.inputs()).containsEntry("image", TensorRef.input("image"));
    assertThat(s.when())
        .extracting(Condition::quantifier)
        .containsExactly(Condition.Quantifier.ANY, Condition.Quantifier.PRESENT);
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.onError()).isEqualTo(ErrorPolicy.CONTINUE);
    assertThat(d.inputs().get(0).dataType()).isEqualTo(DataType.FP32);
    assertThat(d.outputs().get(0).shape()).isEqualTo(Shape.of(-1, 1));
    assertThat(d.outputs().get(0).optional()).isTrue();
  }

  @Test
  void readsAFunctionStepWithTheInputShorthand() {
    Map<String, Object> step =
        map(
            "name",
            "top",
            "function",
            "top_k",
            "input",
            "inputs.image",
            "attributes",
            map("k", 2, "axis", -1));
    GraphStep s = GraphFileReader.read("g", document(step)).steps().get(0);
    assertThat(s.call()).isEqualTo(new StepCall.Function("top_k", map("k", 2L, "axis", -1L)));
    assertThat(s.inputs()).containsOnlyKeys("input");
  }

  @Test
  void unknownKeyIsNamedWithItsStep() {
    Map<String, Object> step = detail();
    step.put("retries", 3);
    assertThatThrownBy(() -> GraphFileReader.read("g", document(step)))
        .isInstanceOf(InvalidGraphException.class)
        .hasMessage(
            "graph 'g': steps.detail.retries: unknown key (expected one of: attributes, function,"
                + " input, inputs, model, name, on_error, timeout, version, when)");
  }

  @Test
  void badValuesAreNamedWithTheirField() {
    Map<String, Object> step = detail();
    step.put("timeout", "5 sec");
    assertThatThrownBy(() -> GraphFileReader.read("g", document(step)))
        .hasMessage(
            "graph 'g': steps.detail.timeout: '5 sec' is not a duration (expected: such as 250ms,"
                + " 2s)");
    step.put("timeout", "1s");
    step.put("when", "inputs.image >> 3");
    assertThatThrownBy(() -> GraphFileReader.read("g", document(step)))
        .hasMessageStartingWith(
            "graph 'g': steps.detail.when: 'inputs.image >> 3' is not a condition");
    step.put("when", "inputs.image > 0.5");
    step.put("function", "argmax");
    assertThatThrownBy(() -> GraphFileReader.read("g", document(step)))
        .hasMessage("graph 'g': steps.detail: needs exactly one of 'model' and 'function'");
  }

  @Test
  void nameMustMatchTheFolder() {
    Map<String, Object> doc = document(detail());
    doc.put("name", "other");
    assertThatThrownBy(() -> GraphFileReader.read("g", doc))
        .hasMessage("graph 'g': name: 'other' does not match the folder 'g' (expected: equal)");
  }

  @Test
  void conditionsParseEveryForm() {
    assertThat(Condition.parse("x.y >= 0.5").comparison()).isEqualTo(Condition.Comparison.GE);
    assertThat(Condition.parse("all(x.y == true)").value()).isEqualTo(1.0);
    assertThat(Condition.parse("absent(x.y)").quantifier()).isEqualTo(Condition.Quantifier.ABSENT);
    assertThatThrownBy(() -> Condition.parse("x.y > high"))
        .hasMessageContaining("'high' is not a number");
  }
}
