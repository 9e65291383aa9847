package io.medulla.graph;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Inferencer;
import io.medulla.inference.Parameters;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link GraphPlan} as an {@link Inferencer}, so that a graph stands wherever a model can.
 *
 * <p>Each request starts every step whose inputs are ready, so independent steps run concurrently;
 * nothing blocks a thread: steps are chained futures. A model step's request goes to the step
 * {@code Inferencer} (in the server, the engine, so it enters that model's scheduler) under the
 * graph request's tenant, principal and priority, with the graph's deadline or the step's timeout,
 * whichever comes first. Tensors pass between steps as views of the same buffers.
 *
 * <p>When the graph's deadline passes, the request fails with {@code DEADLINE_EXCEEDED} (HTTP 504)
 * and its running steps are cancelled (a queued model request is withdrawn); so they are when a
 * step fails under {@link ErrorPolicy#FAIL} or the caller cancels the returned future. With the
 * request parameter {@value #TRACE_PARAMETER} set to true, the response carries each step's outcome
 * and times as {@code graph_trace.<step>.<field>} parameters.
 */
public final class GraphExecutor implements Inferencer {
  /** The request parameter ({@code true}) that asks for a per-step trace in the response. */
  public static final String TRACE_PARAMETER = "graph_trace";

  final GraphPlan plan;
  final Inferencer steps;
  final Ticker ticker;
  final Timer timer;
  final GraphListener listener;
  final @Nullable Executor functionExecutor;
  final String version;
  final Map<String, Object> parameters;
  final boolean[] allSteps;

  private GraphExecutor(Builder b, Ticker ticker, Timer timer) {
    this.plan = b.plan;
    this.steps = b.steps;
    this.ticker = ticker;
    this.timer = timer;
    this.listener = b.listener;
    this.functionExecutor = b.functionExecutor;
    this.version = b.version;
    this.parameters = b.parameters;
    this.allSteps = GraphRun.neededSteps(plan, plan.outputs());
  }

  /** Returns a builder for an executor of {@code plan} whose model steps call {@code steps}. */
  public static Builder builder(GraphPlan plan, Inferencer steps) {
    return new Builder(plan, steps);
  }

  /** Returns the plan this executor runs. */
  public GraphPlan plan() {
    return plan;
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    return new GraphRun(this, request).start();
  }

  /** Builds a {@link GraphExecutor}. */
  public static final class Builder {
    private final GraphPlan plan;
    private final Inferencer steps;
    private @Nullable Ticker ticker;
    private @Nullable Timer timer;
    private GraphListener listener = GraphListener.NOOP;
    private @Nullable Executor functionExecutor;
    private String version = "1";
    private Map<String, Object> parameters = Map.of();

    private Builder(GraphPlan plan, Inferencer steps) {
      this.plan = requireNonNull(plan, "plan");
      this.steps = requireNonNull(steps, "steps");
    }

    /** Sets the ticker that measures steps and deadlines. Required. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the timer that fires deadlines and step timeouts. Required. */
    public Builder timer(Timer timer) {
      this.timer = requireNonNull(timer, "timer");
      return this;
    }

    /** Sets the listener (default: none). */
    public Builder listener(GraphListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets where function steps run (default: inline, on the thread that completed their last
     * input, which suits the quick built-ins).
     */
    public Builder functionExecutor(Executor executor) {
      this.functionExecutor = requireNonNull(executor, "executor");
      return this;
    }

    /** Sets the version reported in responses (default {@code "1"}). */
    public Builder version(String version) {
      this.version = requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets parameters every response carries, such as provenance (default: none); values are
     * Boolean, Long, Double or String.
     */
    public Builder parameters(Map<String, Object> parameters) {
      this.parameters = Parameters.copyOf(parameters);
      return this;
    }

    /** Returns the executor; checks that the ticker and timer are set. */
    public GraphExecutor build() {
      if (ticker == null || timer == null) {
        throw new IllegalStateException("ticker and timer are required (expected: both set)");
      }
      return new GraphExecutor(this, ticker, timer);
    }
  }
}
