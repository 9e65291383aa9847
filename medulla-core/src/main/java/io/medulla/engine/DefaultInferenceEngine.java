package io.medulla.engine;

import static java.util.Objects.requireNonNull;

import io.medulla.graph.GraphDefinition;
import io.medulla.graph.GraphExecutor;
import io.medulla.graph.GraphResourceView;
import io.medulla.graph.GraphStep;
import io.medulla.graph.StepCall;
import io.medulla.inference.DeadlineExceededException;
import io.medulla.inference.InferenceException;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.Shape;
import io.medulla.inference.StatusCode;
import io.medulla.inference.TensorSpec;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelInput;
import io.medulla.repository.ModelLease;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.LoadedModel;
import io.medulla.scheduling.QueueSnapshot;
import io.medulla.scheduling.Scheduler;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.Ticker;
import io.medulla.time.WallClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Resolves each request to a ready model version, validates it against the configuration, hands it
 * to that version's scheduler and accounts for the outcome. Also the repository's lifecycle
 * listener: it attaches a scheduler when a version becomes ready and drains it on unload.
 */
public final class DefaultInferenceEngine implements InferenceEngine, ModelLifecycleListener {
  /** The response parameter that carries the SHA-256 of the model file that answered. */
  public static final String MODEL_SHA256_PARAMETER = "model_sha256";

  private static final List<String> EXTENSIONS =
      List.of(
          "binary_tensor_data",
          "model_repository",
          "model_configuration",
          "statistics",
          "parameters");

  private final ModelCatalog catalog;
  private final SchedulerFactory schedulerFactory;
  private final Ticker ticker;
  private final EngineListener listener;
  private final SchedulerListener schedulerListener;
  private final StatisticsRecorder statistics;
  private final String serverVersion;
  private final GraphCatalog graphs;
  // Keyed by the loaded instances, not the ModelId: a reload of the same version is a new
  // LoadedModel whose scheduler must not be confused with the retiring one's.
  private final Map<LoadedModel, Scheduler> schedulers = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean draining;

  /**
   * Creates an engine.
   *
   * @param catalog the model repository
   * @param schedulerFactory creates a scheduler per ready version
   * @param ticker measures request durations and deadlines
   * @param wallClock stamps the last inference time in statistics
   * @param listener hears finished requests (metrics)
   * @param schedulerListener hears scheduler events (metrics), besides the engine's statistics
   * @param serverVersion the version reported in server metadata
   */
  public DefaultInferenceEngine(
      ModelCatalog catalog,
      SchedulerFactory schedulerFactory,
      Ticker ticker,
      WallClock wallClock,
      EngineListener listener,
      SchedulerListener schedulerListener,
      String serverVersion) {
    this(
        catalog,
        schedulerFactory,
        ticker,
        wallClock,
        listener,
        schedulerListener,
        serverVersion,
        GraphCatalog.none());
  }

  /**
   * Creates an engine that also serves the repository's graphs (see {@link #refreshGraphs}).
   *
   * @param graphs builds and holds the graphs; their model steps call this engine
   */
  public DefaultInferenceEngine(
      ModelCatalog catalog,
      SchedulerFactory schedulerFactory,
      Ticker ticker,
      WallClock wallClock,
      EngineListener listener,
      SchedulerListener schedulerListener,
      String serverVersion,
      GraphCatalog graphs) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.schedulerFactory = requireNonNull(schedulerFactory, "schedulerFactory");
    this.ticker = requireNonNull(ticker, "ticker");
    this.listener = requireNonNull(listener, "listener");
    this.statistics = new StatisticsRecorder(requireNonNull(wallClock, "wallClock"));
    this.schedulerListener =
        SchedulerListener.both(statistics, requireNonNull(schedulerListener, "schedulerListener"));
    this.serverVersion = requireNonNull(serverVersion, "serverVersion");
    this.graphs = requireNonNull(graphs, "graphs");
  }

  /** Marks the server ready: the initial models have been loaded (or have failed visibly). */
  public void markStarted() {
    started = true;
  }

  /** Marks the server as draining: not ready, while in-flight work finishes. */
  public void beginDrain() {
    draining = true;
  }

  /**
   * Rereads the repository's graphs and revalidates them against the models' configurations. The
   * composition root calls it after the repository starts and after each poll; the engine calls it
   * after every load and unload.
   */
  public void refreshGraphs() {
    graphs.refresh(catalog, this);
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    GraphEntry graph = graphs.get(request.modelName());
    if (graph != null) {
      return inferGraph(graph, request);
    }
    CompletableFuture<InferenceResponse> result = new CompletableFuture<>();
    // A model that is in the repository but not loaded loads here (the catalog's cache decides);
    // the request waits for that load, within its deadline.
    CompletableFuture<ModelLease> leased =
        catalog.acquire(request.modelName(), request.modelVersion(), request.context().deadline());
    leased.whenComplete(
        (lease, error) -> {
          if (error != null) {
            result.completeExceptionally(unwrap(error));
          } else if (result.isDone()) {
            lease.close();
          } else {
            runOn(lease, request, result);
          }
        });
    // A caller that gives up withdraws the request from the queue (or stops waiting for a load).
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            leased.cancel(false);
          }
        });
    return result;
  }

  /** Schedules a request on the leased version; the lease is held until the request finishes. */
  private void runOn(
      ModelLease lease, InferenceRequest request, CompletableFuture<InferenceResponse> result) {
    long arrival = request.context().arrivalNanos();
    ServedModel served = lease.served();
    Scheduler scheduler;
    try {
      RequestValidator.validate(request, served.config());
      if (request.context().deadline().isExpired(ticker.nanos())) {
        throw new DeadlineExceededException(
            "the request's deadline passed before it was queued; it was not computed");
      }
      scheduler = schedulers.get(served.model());
      if (scheduler == null) {
        throw new ModelNotReadyException(request.modelName(), "it is loading or unloading");
      }
    } catch (InferenceException e) {
      lease.close();
      result.completeExceptionally(e);
      return;
    }
    ModelId id = served.id();
    CompletableFuture<InferenceResponse> scheduled = scheduler.schedule(request);
    scheduled.whenComplete(
        (response, error) -> {
          lease.close();
          StatusCode failure = error == null ? null : statusOf(error);
          long duration = ticker.nanos() - arrival;
          statistics.requestCompleted(id, failure == null, duration);
          listener.requestCompleted(id, request.context(), failure, duration);
          if (error != null) {
            result.completeExceptionally(unwrap(error));
          } else {
            result.complete(withProvenance(response, served));
          }
        });
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            scheduled.cancel(false);
          }
        });
  }

  /**
   * Runs a graph. When a model it calls is not loaded, every such model is loaded first, together,
   * instead of one after another along the graph's critical path. A graph that could not be checked
   * yet because its models never loaded (model control mode ON_DEMAND) is checked once they have.
   */
  private CompletableFuture<InferenceResponse> inferGraph(
      GraphEntry graph, InferenceRequest request) {
    GraphDefinition definition = graph.definition();
    if (graph.executor() != null || !graph.awaitingModels() || definition == null) {
      return inferChecked(graph, request);
    }
    String version = request.modelVersion();
    if (!version.isEmpty() && !version.equals(GraphViews.VERSION)) {
      return CompletableFuture.failedFuture(new ModelNotFoundException(graph.name(), version));
    }
    return loadModels(graph.name(), notReady(definition.steps()), request)
        .thenCompose(
            ignored -> {
              refreshGraphs();
              GraphEntry checked = graphs.get(graph.name());
              return checked == null
                  ? CompletableFuture.failedFuture(new ModelNotFoundException(graph.name(), ""))
                  : inferChecked(checked, request);
            });
  }

  /** Runs a graph whose models have been checked, loading those that are not loaded now. */
  private CompletableFuture<InferenceResponse> inferChecked(
      GraphEntry graph, InferenceRequest request) {
    GraphExecutor executor;
    try {
      executor = valid(graph, request.modelVersion()).executor();
      if (executor == null) {
        throw new ModelNotReadyException(graph.name(), graph.problem());
      }
    } catch (InferenceException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<GraphStep> waiting = stepsWaiting(executor);
    if (waiting.isEmpty()) {
      return executor.infer(request);
    }
    return loadModels(graph.name(), waiting, request)
        .thenCompose(ignored -> executor.infer(request));
  }

  /** Loads the models {@code steps} call, together, within the request's deadline. */
  private CompletableFuture<Void> loadModels(
      String graph, List<GraphStep> steps, InferenceRequest request) {
    List<CompletableFuture<ModelLease>> loads = new ArrayList<>();
    for (GraphStep step : steps) {
      StepCall.Model m = (StepCall.Model) step.call();
      loads.add(
          catalog
              .acquire(m.model(), m.version(), request.context().deadline())
              .exceptionally(
                  error -> {
                    throw new ModelNotReadyException(
                        graph,
                        "step '"
                            + step.name()
                            + "' needs model '"
                            + m.model()
                            + "': "
                            + unwrap(error).getMessage());
                  }));
    }
    return CompletableFuture.allOf(loads.toArray(CompletableFuture<?>[]::new))
        .handle(
            (ok, error) -> {
              // The steps take their own leases; these only waited for the loads.
              for (CompletableFuture<ModelLease> load : loads) {
                load.thenAccept(ModelLease::close);
              }
              if (error != null) {
                throw new CompletionException(unwrap(error));
              }
              return null;
            });
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static InferenceResponse withProvenance(InferenceResponse response, ServedModel served) {
    Map<String, Object> parameters = new LinkedHashMap<>(response.parameters());
    parameters.put(MODEL_SHA256_PARAMETER, served.sha256());
    return new InferenceResponse(
        response.modelName(),
        response.modelVersion(),
        response.id(),
        response.outputs(),
        parameters);
  }

  private static StatusCode statusOf(Throwable error) {
    Throwable t =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (t instanceof InferenceException ie) {
      return ie.status();
    }
    return t instanceof CancellationException ? StatusCode.CANCELLED : StatusCode.INTERNAL;
  }

  @Override
  public boolean isLive() {
    return true;
  }

  @Override
  public boolean isReady() {
    return started && !draining;
  }

  @Override
  public ServerMetadata serverMetadata() {
    return new ServerMetadata("medulla", serverVersion, EXTENSIONS);
  }

  /** Returns the executor of a graph that can serve now, or throws why it cannot. */
  private GraphExecutor servable(GraphEntry graph, String version) {
    GraphExecutor executor = valid(graph, version).executor();
    if (executor == null) {
      throw new ModelNotReadyException(graph.name(), graph.problem());
    }
    String waiting = waitingFor(executor);
    if (!waiting.isEmpty()) {
      throw new ModelNotReadyException(graph.name(), waiting);
    }
    return executor;
  }

  /** Returns a graph that is valid at {@code version}, or throws why it is not. */
  private static GraphEntry valid(GraphEntry graph, String version) {
    if (!version.isEmpty() && !version.equals(GraphViews.VERSION)) {
      throw new ModelNotFoundException(graph.name(), version);
    }
    if (graph.executor() == null) {
      throw new ModelNotReadyException(graph.name(), graph.problem());
    }
    return graph;
  }

  /** Returns which model keeps a valid graph from serving, or empty when none does. */
  private String waitingFor(GraphExecutor executor) {
    for (GraphStep step : stepsWaiting(executor)) {
      StepCall.Model m = (StepCall.Model) step.call();
      return "step '" + step.name() + "' needs model '" + m.model() + "', which is not ready";
    }
    return "";
  }

  /** Returns the steps that call a model which is not ready now. */
  private List<GraphStep> stepsWaiting(GraphExecutor executor) {
    return notReady(executor.plan().definition().steps());
  }

  /** Returns the steps among {@code steps} that call a model which is not ready now. */
  private List<GraphStep> notReady(List<GraphStep> steps) {
    List<GraphStep> out = new ArrayList<>();
    for (GraphStep step : steps) {
      if (step.call() instanceof StepCall.Model m && !isModelReady(m.model(), m.version())) {
        out.add(step);
      }
    }
    return out;
  }

  private static GraphDefinition definitionOf(GraphEntry graph, String version) {
    GraphExecutor executor = valid(graph, version).executor();
    if (executor == null) {
      throw new ModelNotReadyException(graph.name(), graph.problem());
    }
    return executor.plan().definition();
  }

  @Override
  public ModelMetadata modelMetadata(String model, String version) {
    GraphEntry graph = graphs.get(model);
    if (graph != null) {
      return GraphViews.metadata(graph, definitionOf(graph, version));
    }
    ServedModel served = catalog.resolve(model, version);
    ModelConfig c = served.config();
    List<String> versions =
        version.isEmpty() ? readyVersions(model) : List.of(Long.toString(served.id().version()));
    List<TensorSpec> inputs = new ArrayList<>();
    for (ModelInput in : c.inputs()) {
      inputs.add(new TensorSpec(in.name(), in.dataType(), batched(c, in.dims()), in.optional()));
    }
    List<TensorSpec> outputs = new ArrayList<>();
    for (ModelOutput out : c.outputs()) {
      outputs.add(TensorSpec.of(out.name(), out.dataType(), batched(c, out.dims())));
    }
    String platform = c.platform().isEmpty() ? c.backend() : c.platform();
    return new ModelMetadata(model, versions, platform, inputs, outputs, served.sha256());
  }

  private static Shape batched(ModelConfig c, Shape dims) {
    return c.maxBatchSize() > 0 ? dims.prepend(Shape.ANY) : dims;
  }

  private List<String> readyVersions(String model) {
    return catalog.index().stream()
        .filter(s -> s.name().equals(model) && s.state() == ModelState.READY)
        .map(ModelVersionStatus::version)
        .toList();
  }

  @Override
  public boolean isModelReady(String model, String version) {
    GraphEntry graph = graphs.get(model);
    if (graph != null) {
      try {
        servable(graph, version);
        return true;
      } catch (InferenceException e) {
        return false;
      }
    }
    try {
      return schedulers.containsKey(catalog.resolve(model, version).model());
    } catch (InferenceException e) {
      return false;
    }
  }

  @Override
  public ModelConfig modelConfig(String model, String version) {
    GraphEntry graph = graphs.get(model);
    if (graph != null) {
      return GraphViews.config(graph, definitionOf(graph, version));
    }
    return version.isEmpty() ? catalog.config(model) : catalog.resolve(model, version).config();
  }

  @Override
  public List<ModelStatistics> statistics(String model, String version) {
    GraphEntry graph = graphs.get(model);
    if (graph != null) {
      valid(graph, version);
      return List.of(GraphViews.statistics(model, graphs.statistics().graph(model)));
    }
    List<ModelStatistics> out = new ArrayList<>();
    boolean known = model.isEmpty();
    for (ModelVersionStatus s : catalog.index()) {
      if (!model.isEmpty() && !s.name().equals(model)) {
        continue;
      }
      known = true;
      if (s.state() != ModelState.READY || (!version.isEmpty() && !s.version().equals(version))) {
        continue;
      }
      out.add(statistics.snapshot(new ModelId(s.name(), Long.parseLong(s.version()))));
    }
    if (!known) {
      throw new ModelNotFoundException(model, "");
    }
    if (!version.isEmpty() && out.isEmpty()) {
      throw new ModelNotFoundException(model, version);
    }
    if (model.isEmpty()) {
      for (GraphEntry g : graphs.entries()) {
        if (g.executor() != null) {
          out.add(GraphViews.statistics(g.name(), graphs.statistics().graph(g.name())));
        }
      }
    }
    return out;
  }

  @Override
  public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
    List<ModelVersionStatus> rows = new ArrayList<>(catalog.index());
    for (GraphEntry g : graphs.entries()) {
      GraphExecutor executor = g.executor();
      rows.add(GraphViews.row(g, executor == null ? "" : waitingFor(executor)));
    }
    rows.sort(Comparator.comparing(ModelVersionStatus::name));
    return rows.stream().filter(s -> !readyOnly || s.state() == ModelState.READY).toList();
  }

  /**
   * Loads a model, or a graph: a graph is reread and the models it calls are loaded (which the
   * model control mode must allow).
   */
  @Override
  public void loadModel(String model) {
    if (!isGraph(model)) {
      catalog.load(model);
      refreshGraphs();
      return;
    }
    graphs.allow(model);
    refreshGraphs();
    GraphEntry graph = graphs.get(model);
    GraphDefinition definition = graph == null ? null : graph.definition();
    if (definition != null) {
      for (String m : definition.models()) {
        catalog.load(m);
      }
      refreshGraphs();
      graph = graphs.get(model);
    }
    if (graph == null || !graph.problem().isEmpty()) {
      throw new InferenceException(
          StatusCode.UNAVAILABLE,
          "failed to load graph '"
              + model
              + "': "
              + (graph == null ? "its folder is gone" : graph.problem()));
    }
  }

  /** Unloads a model, or stops serving a graph (the models it calls stay loaded). */
  @Override
  public void unloadModel(String model) {
    if (isGraph(model)) {
      graphs.unload(model);
      return;
    }
    catalog.unload(model);
    refreshGraphs();
  }

  private boolean isGraph(String name) {
    return graphs.get(name) != null
        || catalog.graphSources().stream().anyMatch(s -> s.name().equals(name));
  }

  @Override
  public Map<String, Object> graphResources(String graph) {
    GraphEntry entry = graphs.get(graph);
    if (entry == null) {
      throw new ModelNotFoundException(graph, "");
    }
    GraphExecutor executor = valid(entry, "").executor();
    if (executor == null) {
      throw new ModelNotReadyException(graph, entry.problem());
    }
    return GraphResourceView.of(executor.plan(), graphs.statistics()).toMap();
  }

  /**
   * Returns the models a graph calls, or an empty list when {@code graph} is not a graph that is
   * valid now, or that waits for its models to load before it can be checked (pre-warm expands
   * scheduled graphs with it).
   */
  public List<String> graphModels(String graph) {
    GraphEntry entry = graphs.get(graph);
    if (entry == null || (entry.executor() == null && !entry.awaitingModels())) {
      return List.of();
    }
    GraphDefinition definition = entry.definition();
    return definition == null ? List.of() : List.copyOf(definition.models());
  }

  /** Returns the queue gauges of every serving scheduler that keeps them. */
  public List<QueueSnapshot> queueSnapshots() {
    List<QueueSnapshot> out = new ArrayList<>();
    for (Scheduler s : schedulers.values()) {
      QueueSnapshot snapshot = s.snapshot();
      if (snapshot != null) {
        out.add(snapshot);
      }
    }
    return out;
  }

  @Override
  public void versionReady(ServedModel model) {
    schedulers.put(model.model(), schedulerFactory.create(model, schedulerListener));
  }

  /**
   * Checks graphs again when a model they call becomes ready or stops being ready, whatever loaded
   * or unloaded it (the cache's on-demand loads, pre-warm and eviction included), so that a graph's
   * index row and readiness follow its models.
   */
  @Override
  public void stateChanged(ModelVersionStatus status) {
    boolean readiness =
        status.state() == ModelState.READY || status.state() == ModelState.UNAVAILABLE;
    if (readiness && callsModel(status.name())) {
      refreshGraphs();
    }
  }

  private boolean callsModel(String model) {
    for (GraphEntry g : graphs.entries()) {
      GraphDefinition d = g.definition();
      if (d != null && d.models().contains(model)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public CompletableFuture<Void> versionUnloading(ServedModel model) {
    @Nullable Scheduler scheduler = schedulers.remove(model.model());
    return scheduler == null ? CompletableFuture.completedFuture(null) : scheduler.drain();
  }
}
