package io.medulla.protocol;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelMetadata;
import io.medulla.engine.ModelStatistics;
import io.medulla.engine.ServerMetadata;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.UnauthenticatedException;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.tenancy.Caller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The engine the protocol handlers see: every call except the health probes goes to the engine of
 * the request's verified {@link Caller} (see {@link CallerContext}), which authorises it. A call
 * made outside an authenticated request fails as unauthenticated, so a route that forgets to
 * authorise cannot leak anything: denial is the default, not a rule each handler must remember.
 */
public final class CallerScopedEngine implements InferenceEngine {
  private final InferenceEngine health;
  private final Function<Caller, InferenceEngine> engineFor;

  /**
   * Creates the engine.
   *
   * @param health answers the health probes, which stay open
   * @param engineFor returns the authorising engine of one caller
   */
  public CallerScopedEngine(InferenceEngine health, Function<Caller, InferenceEngine> engineFor) {
    this.health = requireNonNull(health, "health");
    this.engineFor = requireNonNull(engineFor, "engineFor");
  }

  private InferenceEngine caller() {
    Caller caller =
        CallerContext.current()
            .orElseThrow(() -> new UnauthenticatedException("authentication required"));
    return engineFor.apply(caller);
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
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    return caller().infer(request);
  }

  @Override
  public ServerMetadata serverMetadata() {
    return caller().serverMetadata();
  }

  @Override
  public ModelMetadata modelMetadata(String model, String version) {
    return caller().modelMetadata(model, version);
  }

  @Override
  public boolean isModelReady(String model, String version) {
    return caller().isModelReady(model, version);
  }

  @Override
  public ModelConfig modelConfig(String model, String version) {
    return caller().modelConfig(model, version);
  }

  @Override
  public List<ModelStatistics> statistics(String model, String version) {
    return caller().statistics(model, version);
  }

  @Override
  public List<ModelVersionStatus> repositoryIndex(boolean readyOnly) {
    return caller().repositoryIndex(readyOnly);
  }

  @Override
  public void loadModel(String model) {
    caller().loadModel(model);
  }

  @Override
  public void unloadModel(String model) {
    caller().unloadModel(model);
  }

  @Override
  public Map<String, Object> graphResources(String graph) {
    return caller().graphResources(graph);
  }
}
