package io.medulla.graph;

import io.medulla.inference.Deadline;
import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.InvalidInputException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.RequestedOutput;
import io.medulla.inference.StatusCode;
import io.medulla.inference.Tensor;
import io.medulla.inference.TensorSpec;
import io.medulla.inference.TimingParameters;
import io.medulla.time.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * One request's run through a graph. Each needed step is a future that starts when the futures of
 * the steps it reads from have completed; the run's result completes once, with the response or the
 * first failure, and then cancels whatever is still in flight.
 *
 * <p>Ownership and threads: steps start on the thread that completed their last dependency (or the
 * caller's, for steps that read only graph inputs). No lock is held anywhere; the in-flight calls
 * and step timers sit in concurrent queues that the completion cancels.
 */
final class GraphRun {
  private final GraphExecutor x;
  private final GraphPlan plan;
  private final InferenceRequest request;
  private final long startNanos;
  private final boolean trace;
  private final CompletableFuture<InferenceResponse> result = new CompletableFuture<>();
  private final Map<String, Tensor> inputs = new HashMap<>();
  private final CompletableFuture<StepResult>[] futures;
  private final Queue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
  private final Queue<Cancellable> timers = new ConcurrentLinkedQueue<>();

  @SuppressWarnings("unchecked")
  GraphRun(GraphExecutor executor, InferenceRequest request) {
    this.x = executor;
    this.plan = executor.plan;
    this.request = request;
    this.startNanos = executor.ticker.nanos();
    this.trace = Boolean.TRUE.equals(request.parameters().get(GraphExecutor.TRACE_PARAMETER));
    this.futures = (CompletableFuture<StepResult>[]) new CompletableFuture<?>[plan.steps().size()];
  }

  CompletableFuture<InferenceResponse> start() {
    result.whenComplete((r, e) -> finished(e));
    List<GraphPlan.PlannedOutput> wanted;
    try {
      checkInputs();
      wanted = wantedOutputs();
      Deadline deadline = request.context().deadline();
      if (deadline.isExpired(startNanos)) {
        throw new DeadlineExceededException(
            "graph '" + plan.name() + "': the deadline passed before it started; no step ran");
      }
      if (deadline.isSet()) {
        timers.add(x.timer.schedule(deadline.remaining(startNanos), this::deadlinePassed));
      }
    } catch (InferenceException e) {
      result.completeExceptionally(e);
      return result;
    }
    boolean[] needed =
        wanted.size() == plan.outputs().size() ? x.allSteps : neededSteps(plan, wanted);
    // The first steps start once every future is wired, so that the caller's thread has nothing
    // left to do while they run.
    List<CompletableFuture<Void>> gates = new ArrayList<>();
    List<CompletableFuture<StepResult>> all = new ArrayList<>();
    for (PlannedStep p : plan.steps()) {
      if (!needed[p.index()]) {
        continue;
      }
      CompletableFuture<?>[] deps =
          p.dependencies().stream().map(d -> futures[d]).toArray(CompletableFuture<?>[]::new);
      CompletableFuture<?> ready;
      if (deps.length == 0) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gates.add(gate);
        ready = gate;
      } else {
        ready = deps.length == 1 ? deps[0] : CompletableFuture.allOf(deps);
      }
      CompletableFuture<StepResult> f = ready.thenCompose(v -> launch(p));
      f.whenComplete(
          (r, e) -> {
            if (e != null) {
              result.completeExceptionally(unwrap(e));
            }
          });
      futures[p.index()] = f;
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new))
        .thenRun(() -> respond(wanted));
    for (CompletableFuture<Void> gate : gates) {
      gate.complete(null);
    }
    return result;
  }

  /** Returns, per step index, whether producing {@code outputs} needs the step. */
  static boolean[] neededSteps(GraphPlan plan, List<GraphPlan.PlannedOutput> outputs) {
    boolean[] needed = new boolean[plan.steps().size()];
    for (GraphPlan.PlannedOutput o : outputs) {
      if (o.source() >= 0) {
        needed[o.source()] = true;
      }
    }
    for (int i = needed.length - 1; i >= 0; i--) {
      if (needed[i]) {
        for (int d : plan.steps().get(i).dependencies()) {
          needed[d] = true;
        }
      }
    }
    return needed;
  }

  private void checkInputs() {
    Map<String, TensorSpec> declared = plan.inputs();
    for (Tensor t : request.inputs()) {
      TensorSpec spec = declared.get(t.name());
      if (spec == null) {
        throw new InvalidInputException(
            "graph '"
                + plan.name()
                + "' has no input '"
                + t.name()
                + "' (expected: "
                + String.join(", ", declared.keySet())
                + ")");
      }
      if (inputs.put(t.name(), t) != null) {
        throw new InvalidInputException("input '" + t.name() + "' appears more than once");
      }
      if (t.dataType() != spec.dataType()) {
        throw new InvalidInputException(
            "input '"
                + t.name()
                + "': datatype "
                + t.dataType()
                + " (expected: "
                + spec.dataType()
                + ")");
      }
      if (!spec.shape().accepts(t.shape())) {
        throw new InvalidInputException(
            "input '" + t.name() + "': shape " + t.shape() + " (expected: " + spec.shape() + ")");
      }
    }
    for (TensorSpec spec : declared.values()) {
      if (!spec.optional() && !inputs.containsKey(spec.name())) {
        throw new InvalidInputException(
            "missing input '"
                + spec.name()
                + "' (graph '"
                + plan.name()
                + "' expects: "
                + String.join(", ", declared.keySet())
                + ")");
      }
    }
  }

  private List<GraphPlan.PlannedOutput> wantedOutputs() {
    if (request.outputs().isEmpty()) {
      return plan.outputs();
    }
    List<GraphPlan.PlannedOutput> out = new ArrayList<>();
    for (RequestedOutput r : request.outputs()) {
      GraphPlan.PlannedOutput match =
          plan.outputs().stream()
              .filter(o -> o.output().name().equals(r.name()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "graph '"
                              + plan.name()
                              + "' has no output '"
                              + r.name()
                              + "' (expected: "
                              + String.join(", ", outputNames())
                              + ")"));
      if (out.contains(match)) {
        throw new InvalidInputException("output '" + r.name() + "' is requested more than once");
      }
      out.add(match);
    }
    return out;
  }

  private List<String> outputNames() {
    return plan.outputs().stream().map(o -> o.output().name()).toList();
  }

  /** Starts a step whose dependencies have completed, unless the run has already ended. */
  private CompletableFuture<StepResult> launch(PlannedStep p) {
    if (result.isDone()) {
      return CompletableFuture.failedFuture(new CancellationException("the graph request ended"));
    }
    long start = x.ticker.nanos();
    Map<String, Tensor> present = new LinkedHashMap<>();
    boolean missingRequired = false;
    for (PlannedStep.Binding b : p.inputs()) {
      Tensor t = value(b.ref(), b.source());
      if (t == null) {
        missingRequired |= b.required();
      } else {
        present.put(b.name(), b.name().equals(t.name()) ? t : t.withName(b.name()));
      }
    }
    boolean run = !missingRequired && (p.inputs().isEmpty() || !present.isEmpty());
    for (PlannedStep.Check c : p.conditions()) {
      run = run && holds(c);
    }
    if (!run) {
      return CompletableFuture.completedFuture(
          StepResult.absent(StepOutcome.SKIPPED, start, start));
    }
    CompletableFuture<StepResult> out =
        p.isModel() ? callModel(p, present, start) : callFunction(p, present, start);
    return out;
  }

  private CompletableFuture<StepResult> callModel(
      PlannedStep p, Map<String, Tensor> present, long start) {
    StepCall.Model m = (StepCall.Model) p.step().call();
    RequestContext ctx = request.context();
    Deadline deadline = ctx.deadline();
    Duration timeout = p.step().timeout();
    boolean ownTimeout = false;
    if (timeout != null) {
      Deadline own = Deadline.after(start, timeout);
      if (!deadline.isSet() || own.expiresAtNanos() - deadline.expiresAtNanos() < 0) {
        deadline = own;
        ownTimeout = true;
      }
    }
    RequestContext stepContext =
        new RequestContext(
            new RequestId(ctx.requestId().value() + "/" + p.name()),
            ctx.tenant(),
            ctx.principal(),
            ctx.priority(),
            deadline,
            start);
    InferenceRequest stepRequest =
        new InferenceRequest(
            m.model(),
            m.version(),
            request.id(),
            List.copyOf(present.values()),
            p.requestedOutputs().stream().map(RequestedOutput::named).toList(),
            trace ? Map.of(TimingParameters.REQUEST, true) : Map.of(),
            stepContext);
    CompletableFuture<InferenceResponse> outcome = new CompletableFuture<>();
    CompletableFuture<InferenceResponse> call;
    try {
      call = x.steps.infer(stepRequest);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<InferenceResponse> c = call;
    inFlight.add(c);
    c.whenComplete(
        (r, e) -> {
          if (e == null) {
            outcome.complete(r);
          } else {
            outcome.completeExceptionally(e);
          }
        });
    // When the graph's deadline comes first, its timer ends the step; no timer of its own.
    if (timeout != null && ownTimeout) {
      timers.add(
          x.timer.schedule(
              timeout,
              () -> {
                outcome.completeExceptionally(
                    new DeadlineExceededException(
                        "it took longer than its timeout of " + timeout.toMillis() + " ms"));
                c.cancel(false);
              }));
    }
    if (result.isDone()) {
      c.cancel(false);
    }
    return outcome.handle(
        (response, error) -> {
          long end = x.ticker.nanos();
          if (error == null) {
            Map<String, Tensor> outputs = new HashMap<>();
            for (Tensor t : response.outputs()) {
              outputs.put(t.name(), t);
            }
            return new StepResult(
                outputs,
                StepOutcome.RAN,
                start,
                end,
                nanos(response, TimingParameters.QUEUE_NANOS),
                nanos(response, TimingParameters.COMPUTE_NANOS));
          }
          return failed(p, unwrap(error), start, end);
        });
  }

  private CompletableFuture<StepResult> callFunction(
      PlannedStep p, Map<String, Tensor> present, long start) {
    BoundFunction fn = p.function();
    if (fn == null) {
      throw new IllegalStateException("step " + p.name() + " has no bound function");
    }
    CompletableFuture<List<Tensor>> computed =
        x.functionExecutor == null
            ? compute(fn, present)
            : CompletableFuture.supplyAsync(() -> fn.apply(present), x.functionExecutor);
    return computed.handle(
        (outputs, error) -> {
          long end = x.ticker.nanos();
          if (error == null) {
            Map<String, Tensor> byName = new HashMap<>();
            for (Tensor t : outputs) {
              byName.put(t.name(), t);
            }
            return new StepResult(byName, StepOutcome.RAN, start, end, -1, -1);
          }
          return failed(p, unwrap(error), start, end);
        });
  }

  private static CompletableFuture<List<Tensor>> compute(
      BoundFunction fn, Map<String, Tensor> present) {
    try {
      return CompletableFuture.completedFuture(fn.apply(present));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Applies the step's error policy: an absent result, or a failure naming graph and step. */
  private StepResult failed(PlannedStep p, Throwable error, long start, long end) {
    if (result.isDone()) {
      x.listener.stepCompleted(plan.name(), p.name(), StepOutcome.CANCELLED, end - start);
      throw new CompletionException(error);
    }
    if (p.step().onError() == ErrorPolicy.CONTINUE) {
      return StepResult.absent(StepOutcome.FAILED, start, end);
    }
    x.listener.stepCompleted(plan.name(), p.name(), StepOutcome.FAILED, end - start);
    throw new CompletionException(stepFailure(p, error));
  }

  private InferenceException stepFailure(PlannedStep p, Throwable error) {
    String where =
        "graph '"
            + plan.name()
            + "' step '"
            + p.name()
            + "' ("
            + (p.isModel() ? "model '" : "function '")
            + p.step().call().target()
            + "'): ";
    if (error instanceof InferenceException ie) {
      return new InferenceException(ie.status(), where + ie.getMessage(), ie.retryAfter(), ie);
    }
    if (error instanceof IllegalArgumentException) {
      return new InvalidInputException(where + error.getMessage());
    }
    if (error instanceof CancellationException) {
      return new InferenceException(StatusCode.CANCELLED, where + "cancelled", error);
    }
    return new InferenceException(
        StatusCode.INTERNAL, where + "failed (" + error.getClass().getSimpleName() + ")", error);
  }

  private @Nullable Tensor value(TensorRef ref, int source) {
    return source < 0 ? inputs.get(ref.tensor()) : futures[source].join().output(ref.tensor());
  }

  private boolean holds(PlannedStep.Check check) {
    return check.condition().holds(value(check.condition().ref(), check.source()));
  }

  private void respond(List<GraphPlan.PlannedOutput> wanted) {
    List<Tensor> outputs = new ArrayList<>();
    for (GraphPlan.PlannedOutput o : wanted) {
      GraphOutput out = o.output();
      Tensor t = value(out.from(), o.source());
      if (t == null) {
        if (out.optional()) {
          continue;
        }
        result.completeExceptionally(
            new InferenceException(
                StatusCode.INTERNAL,
                "graph '" + plan.name() + "': required output '" + out.name() + "' is absent"));
        return;
      }
      if (!out.shape().accepts(t.shape()) || t.dataType() != out.dataType()) {
        result.completeExceptionally(
            new InferenceException(
                StatusCode.INTERNAL,
                "graph '"
                    + plan.name()
                    + "': output '"
                    + out.name()
                    + "' is "
                    + t.dataType()
                    + t.shape()
                    + " (expected: "
                    + out.dataType()
                    + out.shape()
                    + " as declared)"));
        return;
      }
      outputs.add(t.name().equals(out.name()) ? t : t.withName(out.name()));
    }
    Map<String, Object> parameters = x.parameters;
    if (trace) {
      parameters = new LinkedHashMap<>(x.parameters);
      parameters.putAll(traceParameters());
    }
    result.complete(
        new InferenceResponse(plan.name(), x.version, request.id(), outputs, parameters));
  }

  private Map<String, Object> traceParameters() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (PlannedStep p : plan.steps()) {
      CompletableFuture<StepResult> f = futures[p.index()];
      if (f == null) {
        continue;
      }
      StepResult r = f.join();
      String key = GraphExecutor.TRACE_PARAMETER + "." + p.name() + ".";
      out.put(key + "status", r.outcome().label());
      out.put(key + "start_us", (r.startNanos() - startNanos) / 1000);
      out.put(key + "total_us", (r.endNanos() - r.startNanos()) / 1000);
      if (r.queueNanos() >= 0) {
        out.put(key + "queue_us", r.queueNanos() / 1000);
      }
      if (r.computeNanos() >= 0) {
        out.put(key + "compute_us", r.computeNanos() / 1000);
      }
    }
    return out;
  }

  private void deadlinePassed() {
    List<String> running = new ArrayList<>();
    for (PlannedStep p : plan.steps()) {
      CompletableFuture<StepResult> f = futures[p.index()];
      if (f != null && !f.isDone()) {
        running.add(p.name());
      }
    }
    result.completeExceptionally(
        new DeadlineExceededException(
            "graph '"
                + plan.name()
                + "': the deadline passed before steps "
                + running
                + " finished; they were cancelled; allow a longer timeout or a higher priority"));
  }

  /** Ends the run: stops the timers and, unless it succeeded, cancels what is still running. */
  private void finished(@Nullable Throwable error) {
    for (Cancellable t : timers) {
      t.cancel();
    }
    if (error != null) {
      for (CompletableFuture<?> call : inFlight) {
        call.cancel(false);
      }
    }
    Throwable cause = error == null ? null : unwrap(error);
    StatusCode failure =
        cause == null
            ? null
            : cause instanceof InferenceException ie
                ? ie.status()
                : cause instanceof CancellationException
                    ? StatusCode.CANCELLED
                    : StatusCode.INTERNAL;
    x.listener.graphCompleted(
        plan.name(), request.context(), failure, x.ticker.nanos() - startNanos);
    // Step events wait until the answer is out, so listeners stay off the critical path. A step
    // still running reports when it ends; one that failed the graph has reported already.
    for (PlannedStep p : plan.steps()) {
      CompletableFuture<StepResult> f = futures[p.index()];
      if (f != null) {
        f.thenAccept(
            r ->
                x.listener.stepCompleted(
                    plan.name(), p.name(), r.outcome(), r.endNanos() - r.startNanos()));
      }
    }
  }

  private static long nanos(InferenceResponse response, String parameter) {
    return response.parameters().get(parameter) instanceof Long v ? v : -1;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
