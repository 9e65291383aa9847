package io.medulla.graph;

import static io.medulla.graph.GraphFixtures.fanOut;
import static io.medulla.graph.GraphFixtures.fp32;
import static io.medulla.graph.GraphFixtures.function;
import static io.medulla.graph.GraphFixtures.model;
import static io.medulla.graph.GraphFixtures.output;
import static io.medulla.graph.GraphFixtures.plan;
import static io.medulla.graph.GraphFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.inference.DataType;
import io.medulla.inference.Shape;
import io.medulla.inference.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphValidatorTest {
  private static GraphDefinition withSteps(List<GraphOutput> outputs, GraphStep... steps) {
    return new GraphDefinition(
        "g", List.of(fp32("image", 4), fp32("note", 2)), outputs, List.of(steps));
  }

  private static GraphDefinition replaceStep(int index, GraphStep step) {
    GraphDefinition d = fanOut();
    List<GraphStep> steps = new ArrayList<>(d.steps());
    steps.set(index, step);
    return new GraphDefinition(d.name(), d.inputs(), d.outputs(), steps);
  }

  private static void rejects(GraphDefinition d, String message) {
    assertThatThrownBy(() -> plan(d)).isInstanceOf(InvalidGraphException.class).hasMessage(message);
  }

  @Test
  void validGraphIsPlannedInDependencyOrder() {
    GraphPlan p = plan(fanOut());
    assertThat(p.stepOrder()).containsExactly("classify", "read", "fuse");
    assertThat(p.dependencies()).containsEntry("fuse", List.of("classify", "read"));
  }

  @Test
  void unknownModelIsNamedWithItsStep() {
    rejects(
        replaceStep(1, model("read", "texter", "note", "inputs.note")),
        "graph 'triage': step 'read': model: unknown model 'texter' (expected: a model in the"
            + " repository)");
  }

  @Test
  void typeMismatchBetweenStepsIsRejected() {
    GraphDefinition d =
        new GraphDefinition(
            "g",
            List.of(TensorSpec.of("image", DataType.INT32, Shape.of(-1, 4))),
            List.of(output("p", 3, "classify.probabilities", false)),
            List.of(model("classify", "classifier", "image", "inputs.image")));
    rejects(
        d,
        "graph 'g': step 'classify': inputs.image: inputs.image is INT32 (expected: FP32, the"
            + " model input's type)");
  }

  @Test
  void shapeMismatchBetweenStepsIsRejected() {
    rejects(
        replaceStep(1, model("read", "text", "note", "inputs.image")),
        "graph 'triage': step 'read': inputs.note: inputs.image has shape [-1, 4] (expected: [-1,"
            + " 2], the model input's shape; -1 fits any size)");
  }

  @Test
  void cycleIsRejectedWithItsPath() {
    rejects(
        replaceStep(0, model("classify", "classifier", "image", "fuse.urgency")),
        "graph 'triage': steps form a cycle: classify -> fuse -> classify (expected: each step to"
            + " read only from steps that do not read from it)");
  }

  @Test
  void referenceToAMissingStepIsRejected() {
    rejects(
        replaceStep(1, model("read", "text", "note", "reader.note")),
        "graph 'triage': step 'read': inputs.note: 'reader.note' names no step (expected:"
            + " inputs.<input> or one of the steps classify, read, fuse)");
  }

  @Test
  void outputOfAMissingStepOutputIsUnreachable() {
    GraphDefinition d =
        withSteps(
            List.of(output("p", 3, "classify.probs", false)),
            model("classify", "classifier", "image", "inputs.image"),
            model("read", "text", "note", "inputs.note"));
    rejects(
        d,
        "graph 'g': outputs.p.from: step 'classify' has no output 'probs' (expected one of:"
            + " probabilities)");
  }

  @Test
  void requiredOutputOfAConditionalStepMustBeOptional() {
    GraphDefinition d =
        withSteps(
            List.of(
                output("p", 3, "classify.probabilities", false),
                output("s", 1, "detail.severity", false)),
            model("classify", "classifier", "image", "inputs.image"),
            step(
                "detail",
                new StepCall.Model("detail", ""),
                List.of("any(classify.probabilities > 0.5)"),
                ErrorPolicy.FAIL,
                null,
                "image",
                "inputs.image"));
    rejects(
        new GraphDefinition(d.name(), List.of(fp32("image", 4)), d.outputs(), d.steps()),
        "graph 'g': outputs.s: comes from step 'detail', which may be absent because it has a"
            + " 'when' condition (expected: optional: true on this output)");
  }

  @Test
  void absenceFlowsThroughStepsThatReadAnAbsentTensor() {
    GraphDefinition d =
        new GraphDefinition(
            "g",
            List.of(fp32("image", 4)),
            List.of(
                new GraphOutput(
                    "top", DataType.INT64, Shape.of(-1), TensorRef.parse("top.output"), false)),
            List.of(
                step(
                    "classify",
                    new StepCall.Model("classifier", ""),
                    List.of(),
                    ErrorPolicy.CONTINUE,
                    null,
                    "image",
                    "inputs.image"),
                function("top", "argmax", Map.of(), "input", "classify.probabilities")));
    rejects(
        d,
        "graph 'g': outputs.top: comes from step 'top', which may be absent because it reads"
            + " classify.probabilities, which may be absent (expected: optional: true on this"
            + " output)");
  }

  @Test
  void conditionThatComparesBytesIsRejected() {
    GraphDefinition d =
        new GraphDefinition(
            "g",
            List.of(fp32("image", 4), TensorSpec.of("tag", DataType.BYTES, Shape.of(-1))),
            List.of(output("s", 1, "detail.severity", true)),
            List.of(
                step(
                    "detail",
                    new StepCall.Model("detail", ""),
                    List.of("inputs.tag == 1"),
                    ErrorPolicy.FAIL,
                    null,
                    "image",
                    "inputs.image")));
    rejects(
        d,
        "graph 'g': step 'detail': when[0]: 'inputs.tag == 1' compares BYTES tensor 'inputs.tag'"
            + " with a number (expected: a numeric or BOOL tensor, or present()/absent())");
  }

  @Test
  void conditionOnAMissingOutputIsRejected() {
    GraphDefinition d =
        withSteps(
            List.of(
                output("p", 3, "classify.probabilities", false),
                output("s", 1, "detail.severity", true),
                output("e", 2, "read.embedding", false)),
            model("classify", "classifier", "image", "inputs.image"),
            model("read", "text", "note", "inputs.note"),
            step(
                "detail",
                new StepCall.Model("detail", ""),
                List.of("classify.score > 0.5"),
                ErrorPolicy.FAIL,
                null,
                "image",
                "inputs.image"));
    rejects(
        d,
        "graph 'g': step 'detail': when[0]: step 'classify' has no output 'score' (expected one"
            + " of: probabilities)");
  }

  @Test
  void unusedStepAndUnusedInputAreRejected() {
    rejects(
        withSteps(
            List.of(output("p", 3, "classify.probabilities", false)),
            model("classify", "classifier", "image", "inputs.image"),
            model("read", "text", "note", "inputs.note")),
        "graph 'g': step 'read': nothing reads its outputs (expected: a graph output, a later"
            + " step's input or a condition to use it; remove the step otherwise)");
    rejects(
        withSteps(
            List.of(output("p", 3, "classify.probabilities", false)),
            model("classify", "classifier", "image", "inputs.image")),
        "graph 'g': inputs.note: no step or output reads it (expected: every input used; remove"
            + " it otherwise)");
  }

  @Test
  void unboundModelInputIsRejected() {
    rejects(
        replaceStep(2, model("fuse", "fusion", "probabilities", "classify.probabilities")),
        "graph 'triage': step 'fuse': inputs: model input 'embedding' is not bound (expected:"
            + " inputs.embedding: <step>.<output> or inputs.<input>)");
  }

  @Test
  void functionAttributeErrorsNameTheStepAndFunction() {
    GraphDefinition d =
        withSteps(
            List.of(
                new GraphOutput(
                    "top", DataType.INT64, Shape.of(-1, 5), TensorRef.parse("top.indices"), false),
                output("e", 2, "read.embedding", false)),
            model("classify", "classifier", "image", "inputs.image"),
            model("read", "text", "note", "inputs.note"),
            function("top", "top_k", Map.of("k", 5L), "input", "classify.probabilities"));
    rejects(d, "graph 'g': step 'top': function top_k: attribute 'k': 5 (expected: 1 to 3)");
  }

  @Test
  void unknownFunctionListsTheRegisteredOnes() {
    GraphDefinition d =
        withSteps(
            List.of(output("e", 2, "read.embedding", false), output("m", 3, "max.output", false)),
            model("read", "text", "note", "inputs.note"),
            model("classify", "classifier", "image", "inputs.image"),
            function("max", "maximum", Map.of(), "input", "classify.probabilities"));
    assertThatThrownBy(() -> plan(d))
        .hasMessageStartingWith(
            "graph 'g': step 'max': function: unknown function 'maximum' (expected one of:"
                + " argmax, cast, coalesce, compare, concat");
  }

  @Test
  void declaredOutputTypeMustMatchItsSource() {
    GraphDefinition d =
        withSteps(
            List.of(
                new GraphOutput(
                    "p",
                    DataType.FP16,
                    Shape.of(-1, 3),
                    TensorRef.parse("classify.probabilities"),
                    false),
                output("e", 2, "read.embedding", false)),
            model("classify", "classifier", "image", "inputs.image"),
            model("read", "text", "note", "inputs.note"));
    rejects(
        d,
        "graph 'g': outputs.p: declared FP16[-1, 3] but classify.probabilities is FP32[-1, 3]"
            + " (expected: the same type and a shape that fits)");
  }
}
