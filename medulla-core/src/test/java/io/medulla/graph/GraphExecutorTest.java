package io.medulla.graph;

import static io.medulla.graph.GraphFixtures.fanOut;
import static io.medulla.graph.GraphFixtures.fp32;
import static io.medulla.graph.GraphFixtures.function;
import static io.medulla.graph.GraphFixtures.model;
import static io.medulla.graph.GraphFixtures.output;
import static io.medulla.graph.GraphFixtures.plan;
import static io.medulla.graph.GraphFixtures.request;
import static io.medulla.graph.GraphFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.inference.Tensors;
import io.medulla.inference.TimingParameters;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GraphExecutorTest {
  private final VirtualClock clock = new VirtualClock();
  private final ScriptedSteps steps = new ScriptedSteps();
  private final GraphStatistics statistics = new GraphStatistics();

  private GraphExecutor executor(GraphDefinition d) {
    return GraphExecutor.builder(plan(d), steps)
        .ticker(clock)
        .timer(clock)
        .listener(statistics)
        .parameters(Map.of("model_sha256", "abc"))
        .build();
  }

  /** classify, then argmax; detail runs only when the finding is not class 0. */
  private static GraphDefinition conditional(ErrorPolicy detailPolicy, @Nullable Duration timeout) {
    return new GraphDefinition(
        "cond",
        List.of(fp32("image", 4)),
        List.of(
            new GraphOutput(
                "finding",
                io.medulla.inference.DataType.INT64,
                io.medulla.inference.Shape.of(-1),
                TensorRef.parse("finding.output"),
                false),
            output("severity", 1, "detail.severity", true)),
        List.of(
            model("classify", "classifier", "image", "inputs.image"),
            function("finding", "argmax", Map.of(), "input", "classify.probabilities"),
            step(
                "detail",
                new StepCall.Model("detail", ""),
                List.of("finding.output != 0"),
                detailPolicy,
                timeout,
                "image",
                "inputs.image")));
  }

  /** Returns a request for the conditional graph, which reads only the image. */
  private static InferenceRequest imageOnly(Deadline deadline, Map<String, Object> params) {
    InferenceRequest r = request("cond", deadline, params);
    return new InferenceRequest(
        "cond", "", r.id(), List.of(r.inputs().get(0)), List.of(), params, r.context());
  }

  private static InferenceException failure(CompletableFuture<InferenceResponse> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
      throw new AssertionError("not failed");
    } catch (ExecutionException e) {
      return (InferenceException) e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> names(InferenceResponse r) {
    return r.outputs().stream().map(Tensor::name).toList();
  }

  @Test
  void independentStepsAreInFlightTogetherAndTheirJoinWaitsForBoth() {
    CompletableFuture<InferenceResponse> f =
        executor(fanOut()).infer(request("triage", Deadline.none(), Map.of()));

    assertThat(steps.called()).containsExactly("classifier", "text");
    steps.answer("classifier", Map.of("probabilities", new float[] {0.2f, 0.7f, 0.1f}));
    assertThat(steps.called()).doesNotContain("fusion");
    steps.answer("text", Map.of("embedding", new float[] {1, 2}));
    assertThat(steps.called()).containsExactly("classifier", "text", "fusion");
    assertThat(steps.request("fusion").inputs())
        .extracting(Tensor::name)
        .containsExactly("probabilities", "embedding");
    steps.answer("fusion", Map.of("urgency", new float[] {0.3f, 0.7f}));

    InferenceResponse r = f.join();
    assertThat(r.modelName()).isEqualTo("triage");
    assertThat(r.id()).isEqualTo("id-7");
    assertThat(names(r)).containsExactly("probabilities", "urgency");
    assertThat(Tensors.toFloats(r.outputs().get(1))).containsExactly(0.3f, 0.7f);
    assertThat(r.parameters()).containsEntry("model_sha256", "abc");
  }

  @Test
  void stepRequestsCarryTheCallersTenantPrincipalPriorityAndDeadline() {
    Deadline deadline = Deadline.after(0, Duration.ofSeconds(5));
    executor(fanOut()).infer(request("triage", deadline, Map.of()));

    RequestContext step = steps.request("classifier").context();
    assertThat(step.tenant().value()).isEqualTo("clinic-a");
    assertThat(step.principal()).isEqualTo("dr-who");
    assertThat(step.priority()).isEqualTo(2);
    assertThat(step.deadline().expiresAtNanos()).isEqualTo(deadline.expiresAtNanos());
    assertThat(step.requestId().value()).isEqualTo("r1/classify");
    assertThat(steps.request("classifier").outputs())
        .extracting(RequestedOutput::name)
        .containsExactly("probabilities");
  }

  @Test
  void falseConditionSkipsTheStepAndLeavesItsOptionalOutputAbsent() {
    CompletableFuture<InferenceResponse> f =
        executor(conditional(ErrorPolicy.FAIL, null)).infer(imageOnly(Deadline.none(), Map.of()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.9f, 0.05f, 0.05f}));

    InferenceResponse r = f.join();
    assertThat(steps.called()).containsExactly("classifier");
    assertThat(names(r)).containsExactly("finding");
    assertThat(Tensors.toLongs(r.outputs().get(0))).containsExactly(0L);
    assertThat(statistics.step("cond", "detail").skipped()).isEqualTo(1);
  }

  @Test
  void trueConditionRunsTheStep() {
    CompletableFuture<InferenceResponse> f =
        executor(conditional(ErrorPolicy.FAIL, null)).infer(imageOnly(Deadline.none(), Map.of()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.1f, 0.8f, 0.1f}));
    steps.answer("detail", Map.of("severity", new float[] {0.6f}));

    assertThat(names(f.join())).containsExactly("finding", "severity");
  }

  @Test
  void deadlinePassingMidGraphFailsWith504AndCancelsTheRunningStep() {
    CompletableFuture<InferenceResponse> f =
        executor(conditional(ErrorPolicy.FAIL, null))
            .infer(imageOnly(Deadline.after(0, Duration.ofSeconds(1)), Map.of()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.1f, 0.8f, 0.1f}));
    CompletableFuture<InferenceResponse> detail = steps.call("detail");

    clock.advance(Duration.ofSeconds(1));

    InferenceException e = failure(f);
    assertThat(e.status()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(e.getMessage()).contains("graph 'cond'").contains("[detail]");
    assertThat(detail).isCancelled();
  }

  @Test
  void deadlinePassingBeforeALaterStepStartsMeansItIsNeverCalled() {
    CompletableFuture<InferenceResponse> f =
        executor(fanOut())
            .infer(request("triage", Deadline.after(0, Duration.ofSeconds(1)), Map.of()));
    clock.advance(Duration.ofSeconds(1));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.2f, 0.7f, 0.1f}));

    assertThat(failure(f).status()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(steps.call("text")).isCancelled();
    assertThat(steps.called()).doesNotContain("fusion");
  }

  @Test
  void failingStepFailsTheGraphNamingTheStepAndCancelsItsSibling() {
    CompletableFuture<InferenceResponse> f =
        executor(fanOut()).infer(request("triage", Deadline.none(), Map.of()));
    steps
        .call("text")
        .completeExceptionally(
            new InferenceException(StatusCode.UNAVAILABLE, "model 'text' is not ready: unloading"));

    InferenceException e = failure(f);
    assertThat(e.status()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo(
            "graph 'triage' step 'read' (model 'text'): model 'text' is not ready: unloading");
    assertThat(steps.call("classifier")).isCancelled();
    assertThat(steps.called()).doesNotContain("fusion");
  }

  @Test
  void continuePolicyGoesOnWithoutTheFailedStepsOutputs() {
    CompletableFuture<InferenceResponse> f =
        executor(conditional(ErrorPolicy.CONTINUE, null))
            .infer(imageOnly(Deadline.none(), Map.of()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.1f, 0.8f, 0.1f}));
    steps.call("detail").completeExceptionally(new InferenceException(StatusCode.INTERNAL, "boom"));

    assertThat(names(f.join())).containsExactly("finding");
    assertThat(statistics.step("cond", "detail").failed()).isEqualTo(1);
  }

  @Test
  void stepTimeoutBoundsTheStepsDeadlineAndFailsOnlyThatStepUnderContinue() {
    CompletableFuture<InferenceResponse> f =
        executor(conditional(ErrorPolicy.CONTINUE, Duration.ofMillis(100)))
            .infer(imageOnly(Deadline.after(0, Duration.ofSeconds(5)), Map.of()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.1f, 0.8f, 0.1f}));
    assertThat(steps.request("detail").context().deadline().expiresAtNanos())
        .isEqualTo(Duration.ofMillis(100).toNanos());

    clock.advance(Duration.ofMillis(100));

    assertThat(steps.call("detail")).isCancelled();
    assertThat(names(f.join())).containsExactly("finding");
  }

  @Test
  void cancellingTheGraphRequestCancelsItsRunningSteps() {
    CompletableFuture<InferenceResponse> f =
        executor(fanOut()).infer(request("triage", Deadline.none(), Map.of()));

    f.cancel(false);

    assertThat(steps.call("classifier")).isCancelled();
    assertThat(steps.call("text")).isCancelled();
  }

  @Test
  void askingForOneOutputRunsOnlyTheStepsItNeeds() {
    InferenceRequest r = request("triage", Deadline.none(), Map.of());
    CompletableFuture<InferenceResponse> f =
        executor(fanOut())
            .infer(
                new InferenceRequest(
                    r.modelName(),
                    "",
                    r.id(),
                    r.inputs(),
                    List.of(RequestedOutput.named("probabilities")),
                    Map.of(),
                    r.context()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.2f, 0.7f, 0.1f}));

    assertThat(names(f.join())).containsExactly("probabilities");
    assertThat(steps.called()).containsExactly("classifier");
  }

  @Test
  void traceReportsEachStepsOutcomeAndTimes() {
    CompletableFuture<InferenceResponse> f =
        executor(conditional(ErrorPolicy.FAIL, null))
            .infer(imageOnly(Deadline.none(), Map.of(GraphExecutor.TRACE_PARAMETER, true)));
    assertThat(steps.request("classifier").parameters())
        .containsEntry(TimingParameters.REQUEST, true);
    clock.advance(Duration.ofMillis(3));
    steps.answer(
        "classifier",
        Map.of("probabilities", new float[] {0.9f, 0.05f, 0.05f}),
        Map.of(
            TimingParameters.QUEUE_NANOS, 1_000_000L, TimingParameters.COMPUTE_NANOS, 2_000_000L));

    Map<String, Object> p = f.join().parameters();
    assertThat(p)
        .containsEntry("graph_trace.classify.status", "ran")
        .containsEntry("graph_trace.classify.total_us", 3000L)
        .containsEntry("graph_trace.classify.queue_us", 1000L)
        .containsEntry("graph_trace.classify.compute_us", 2000L)
        .containsEntry("graph_trace.finding.status", "ran")
        .containsEntry("graph_trace.finding.start_us", 3000L)
        .containsEntry("graph_trace.detail.status", "skipped");
  }

  @Test
  void badInputIsRefusedNamingTheGraph() {
    InferenceRequest r = request("triage", Deadline.none(), Map.of());
    CompletableFuture<InferenceResponse> f =
        executor(fanOut())
            .infer(
                new InferenceRequest(
                    "triage",
                    "",
                    "",
                    List.of(r.inputs().get(0)),
                    List.of(),
                    Map.of(),
                    r.context()));

    InferenceException e = failure(f);
    assertThat(e.status()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("missing input 'note'").contains("graph 'triage'");
    assertThat(steps.called()).isEmpty();
  }

  @Test
  void tensorsPassBetweenStepsWithoutCopies() {
    executor(fanOut()).infer(request("triage", Deadline.none(), Map.of()));
    steps.answer("classifier", Map.of("probabilities", new float[] {0.2f, 0.7f, 0.1f}));
    steps.answer("text", Map.of("embedding", new float[] {1, 2}));

    Tensor produced = steps.call("classifier").join().outputs().get(0);
    Tensor consumed = steps.request("fusion").inputs().get(0);
    assertThat(consumed).isSameAs(produced);
  }
}
