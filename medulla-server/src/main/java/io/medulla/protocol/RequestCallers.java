package io.medulla.protocol;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelMetadata;
import io.medulla.engine.ModelStatistics;
import io.medulla.engine.ServerMetadata;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.PermissionDeniedException;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.inference.UnauthenticatedException;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.tenancy.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Lets one shared engine sit between the protocols and the per-caller authorising engines (the
 * audit trail does, so that it records refusals too): {@link #bind} remembers each inference's
 * verified caller by request id while it is in flight, and {@link #authorise} finds it again, on
 * whatever thread the shared engine calls it from. Calls other than inference are synchronous and
 * read {@link CallerContext} directly.
 */
public final class RequestCallers {
  private final Map<RequestId, Caller> inFlight = new ConcurrentHashMap<>();

  /** Returns the verified caller of an inference in flight, if it is one of this server's. */
  public Optional<Caller> of(RequestContext context) {
    return Optional.ofNullable(inFlight.get(context.requestId()));
  }

  /**
   * Returns the engine the protocols call: it requires an authenticated request, remembers an
   * inference's caller until it completes, and forwards everything to {@code shared}.
   */
  public InferenceEngine bind(InferenceEngine shared) {
    return new Bound(requireNonNull(shared, "shared"));
  }

  /**
   * Returns the engine {@code shared} calls: each call goes to the authorising engine of its caller
   * ({@code engineFor}); health probes go to {@code health}. A permission refused on a call other
   * than inference is told to {@code refusals} (caller, what was refused) before it is thrown;
   * inference refusals reach the shared engine as failed futures.
   */
  public InferenceEngine authorise(
      InferenceEngine health,
      Function<Caller, InferenceEngine> engineFor,
      BiConsumer<Caller, PermissionDeniedException> refusals) {
    return new Authorising(
        requireNonNull(health, "health"),
        requireNonNull(engineFor, "engineFor"),
        requireNonNull(refusals, "refusals"));
  }

  private static Caller current() {
    return CallerContext.current()
        .orElseThrow(() -> new UnauthenticatedException("authentication required"));
  }

  private final class Bound extends Forwarding {
    Bound(InferenceEngine shared) {
      super(shared);
    }

    @Override
    public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
      Caller caller = current();
      RequestId id = request.context().requestId();
      inFlight.put(id, caller);
      CompletableFuture<InferenceResponse> out;
      try {
        out = delegate(caller).infer(request);
      } catch (RuntimeException e) {
        inFlight.remove(id);
        throw e;
      }
      CompletableFuture<?> unused = out.whenComplete((r, e) -> inFlight.remove(id));
      return out;
    }

    @Override
    InferenceEngine delegate(Caller caller) {
      return health;
    }

    @Override
    Caller caller() {
      return current();
    }
  }

  private final class Authorising extends Forwarding {
    private final Function<Caller, InferenceEngine> engineFor;
    private final BiConsumer<Caller, PermissionDeniedException> refusals;

    Authorising(
        InferenceEngine health,
        Function<Caller, InferenceEngine> engineFor,
        BiConsumer<Caller, PermissionDeniedException> refusals) {
      super(health);
      this.engineFor = engineFor;
      this.refusals = refusals;
    }

    @Override
    public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
      Optional<Caller> caller = of(request.context()).or(CallerContext::current);
      if (caller.isEmpty()) {
        return CompletableFuture.failedFuture(
            new UnauthenticatedException("authentication required"));
      }
      return engineFor.apply(caller.get()).infer(request);
    }

    @Override
    InferenceEngine delegate(Caller caller) {
      return engineFor.apply(caller);
    }

    @Override
    Caller caller() {
      return current();
    }

    @Override
    <T> T call(Function<InferenceEngine, T> body) {
      Caller caller = caller();
      try {
        return body.apply(delegate(caller));
      } catch (PermissionDeniedException e) {
        refusals.accept(caller, e);
        throw e;
      }
    }
  }

  /** Forwards the calls other than inference to the engine of the current caller. */
  private abstract static class Forwarding implements InferenceEngine {
    final InferenceEngine health;

    Forwarding(InferenceEngine health) {
      this.health = health;
    }

    abstract InferenceEngine delegate(Caller caller);

    abstract Caller caller();

    <T> T call(Function<InferenceEngine, T> body) {
      return body.apply(delegate(caller()));
    }

    private void run(java.util.function.Consumer<InferenceEngine> body) {
      call(
          e -> {
            body.accept(e);
            return Boolean.TRUE;
          });
    }

    @Override
    public boolean isLive() {
      return health.isLive();
    }

    @Override
    public boolean isReady() {
      return health.isReady();
    }

    @Override
    public ServerMetadata serverMetadata() {
      return call(InferenceEngine::serverMetadata);
    }

    @Override
    public ModelMetadata modelMetadata(String model, String version) {
      return call(e -> e.modelMetadata(model, version));
    }

    @Override
    public boolean isModelReady(String model, String version) {
      return call(e -> e.isModelReady(model, version));
    }

    @Override
    public ModelConfig modelConfig(String model, String version) {
      return call(e -> e.modelConfig(model, version));
    }

    @Override
    public List<ModelStatistics> statistics(String model, String version) {
      return call(e -> e.statistics(model, version));
    }

    @Override
    public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
      return call(e -> e.repositoryIndex(readyOnly));
    }

    @Override
    public void loadModel(String model) {
      run(e -> e.loadModel(model));
    }

    @Override
    public void unloadModel(String model) {
      run(e -> e.unloadModel(model));
    }

    @Override
    public Map<String, Object> graphResources(String graph) {
      return call(e -> e.graphResources(graph));
    }
  }
}
