package io.medulla.engine;

import static java.util.Objects.requireNonNull;

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
    this.catalog = requireNonNull(catalog, "catalog");
    this.schedulerFactory = requireNonNull(schedulerFactory, "schedulerFactory");
    this.ticker = requireNonNull(ticker, "ticker");
    this.listener = requireNonNull(listener, "listener");
    this.statistics = new StatisticsRecorder(requireNonNull(wallClock, "wallClock"));
    this.schedulerListener =
        SchedulerListener.both(statistics, requireNonNull(schedulerListener, "schedulerListener"));
    this.serverVersion = requireNonNull(serverVersion, "serverVersion");
  }

  /** Marks the server ready: the initial models have been loaded (or have failed visibly). */
  public void markStarted() {
    started = true;
  }

  /** Marks the server as draining: not ready, while in-flight work finishes. */
  public void beginDrain() {
    draining = true;
  }

  @Override
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    long arrival = request.context().arrivalNanos();
    ServedModel served;
    Scheduler scheduler;
    try {
      served = catalog.resolve(request.modelName(), request.modelVersion());
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
      return CompletableFuture.failedFuture(e);
    }
    ModelId id = served.id();
    CompletableFuture<InferenceResponse> scheduled = scheduler.schedule(request);
    CompletableFuture<InferenceResponse> result =
        scheduled.handle(
            (response, error) -> {
              StatusCode failure = error == null ? null : statusOf(error);
              long duration = ticker.nanos() - arrival;
              statistics.requestCompleted(id, failure == null, duration);
              listener.requestCompleted(id, request.context(), failure, duration);
              if (error != null) {
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
              }
              return withProvenance(response, served);
            });
    // A caller that gives up withdraws the request from the queue.
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            scheduled.cancel(false);
          }
        });
    return result;
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

  @Override
  public ModelMetadata modelMetadata(String model, String version) {
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
    try {
      return schedulers.containsKey(catalog.resolve(model, version).model());
    } catch (InferenceException e) {
      return false;
    }
  }

  @Override
  public ModelConfig modelConfig(String model, String version) {
    return version.isEmpty() ? catalog.config(model) : catalog.resolve(model, version).config();
  }

  @Override
  public List<ModelStatistics> statistics(String model, String version) {
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
    return out;
  }

  @Override
  public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
    return catalog.index().stream()
        .filter(s -> !readyOnly || s.state() == ModelState.READY)
        .toList();
  }

  @Override
  public void loadModel(String model) {
    catalog.load(model);
  }

  @Override
  public void unloadModel(String model) {
    catalog.unload(model);
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

  @Override
  public CompletableFuture<Void> versionUnloading(ServedModel model) {
    @Nullable Scheduler scheduler = schedulers.remove(model.model());
    return scheduler == null ? CompletableFuture.completedFuture(null) : scheduler.drain();
  }
}
