package io.medulla.server;

import io.medulla.cache.ModelCache;
import io.medulla.engine.DefaultInferenceEngine;
import io.medulla.prewarm.PrewarmKind;
import io.medulla.prewarm.PrewarmTarget;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelRepository;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Adapts the model cache, the repository's folders and the engine's graphs to what pre-warm needs:
 * a graph stands for the models it calls, and pre-warm loads go through the cache (so the memory
 * budget applies; a predicted load never evicts).
 */
final class CachePrewarmTarget implements PrewarmTarget {
  private final ModelCache cache;
  private final ModelRepository repository;
  private final DefaultInferenceEngine engine;

  CachePrewarmTarget(ModelCache cache, ModelRepository repository, DefaultInferenceEngine engine) {
    this.cache = cache;
    this.repository = repository;
    this.engine = engine;
  }

  @Override
  public List<String> modelsOf(String graphOrModel) {
    if (repository.modelNames().contains(graphOrModel)) {
      return List.of(graphOrModel);
    }
    List<String> models = engine.graphModels(graphOrModel);
    if (models.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + graphOrModel + "' is not a model or a valid graph in the repository");
    }
    return models;
  }

  @Override
  public boolean isReady(String model) {
    return cache.isReady(model);
  }

  @Override
  public OptionalLong measuredLoadNanos(String model) {
    return cache.measuredLoadNanos(model);
  }

  @Override
  public boolean fitsWithoutEviction(String model) {
    return cache.fitsWithoutEviction(model);
  }

  @Override
  public CompletableFuture<Void> load(String model, PrewarmKind kind) {
    return cache.prewarm(
        model, kind == PrewarmKind.SCHEDULE ? LoadCause.SCHEDULE : LoadCause.PREDICTION);
  }

  @Override
  public void keepWarm(String model, long untilTickerNanos) {
    cache.keepWarm(model, untilTickerNanos);
  }
}
