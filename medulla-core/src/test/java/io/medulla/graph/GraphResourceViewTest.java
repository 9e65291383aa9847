package io.medulla.graph;

import static io.medulla.graph.GraphFixtures.fp32;
import static io.medulla.graph.GraphFixtures.model;
import static io.medulla.graph.GraphFixtures.output;
import static io.medulla.graph.GraphFixtures.plan;
import static io.medulla.graph.GraphFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphResourceViewTest {
  private final GraphStatistics statistics = new GraphStatistics();

  private final GraphPlan plan =
      plan(
          new GraphDefinition(
              "triage",
              List.of(fp32("image", 4), fp32("note", 2)),
              List.of(
                  output("urgency", 2, "fuse.urgency", false),
                  output("severity", 1, "detail.severity", true)),
              List.of(
                  model("classify", "classifier", "image", "inputs.image"),
                  model("read", "text", "note", "inputs.note"),
                  step(
                      "detail",
                      new StepCall.Model("detail", ""),
                      List.of("any(classify.probabilities > 0.5)"),
                      ErrorPolicy.FAIL,
                      null,
                      "image",
                      "inputs.image"),
                  model(
                      "fuse",
                      "fusion",
                      "probabilities",
                      "classify.probabilities",
                      "embedding",
                      "read.embedding"))));

  @Test
  void beforeAnyRequestConditionalStepsCountOnceAndThePathCountsModelSteps() {
    GraphResourceView v = GraphResourceView.of(plan, statistics);
    assertThat(v.models())
        .extracting(GraphResourceView.ModelUse::model)
        .containsExactly("classifier", "text", "detail", "fusion");
    assertThat(v.models().get(2).callsPerInvocation()).isEqualTo(1.0);
    assertThat(v.criticalPathBasis()).isEqualTo("model_steps");
    assertThat(v.criticalPath()).containsExactly("classify", "detail");
    assertThat(v.criticalPathCost()).isEqualTo(2.0);
  }

  @Test
  void observedRunsGiveConditionProbabilitiesAndATimedCriticalPath() {
    for (int i = 0; i < 4; i++) {
      statistics.stepCompleted("triage", "classify", StepOutcome.RAN, 2_000);
      statistics.stepCompleted("triage", "read", StepOutcome.RAN, 5_000);
      statistics.stepCompleted("triage", "fuse", StepOutcome.RAN, 1_000);
      statistics.stepCompleted(
          "triage", "detail", i == 0 ? StepOutcome.RAN : StepOutcome.SKIPPED, i == 0 ? 3_000 : 0);
    }
    GraphResourceView v = GraphResourceView.of(plan, statistics);

    assertThat(v.models().get(2).callsPerInvocation()).isEqualTo(0.25);
    assertThat(v.steps().get(2).observed()).isTrue();
    assertThat(v.criticalPathBasis()).isEqualTo("observed_mean_nanos");
    assertThat(v.criticalPath()).containsExactly("read", "fuse");
    assertThat(v.criticalPathCost()).isEqualTo(6_000.0);
    Map<String, Object> tree = v.toMap();
    assertThat(tree).containsKeys("graph", "models", "steps", "critical_path");
  }
}
