package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.cache.ModelCache;
import io.medulla.engine.DefaultInferenceEngine;
import io.medulla.prewarm.PrewarmKind;
import io.medulla.prewarm.PrewarmTarget;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelRepository;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Adapts the model cache to what pre-warm needs: pre-warm loads go through the cache (so the memory
 * budget applies; a predicted load never evicts), and a name in a schedule stands for the models
 * {@code modelsOf} gives (a graph for the models it calls). Thread-safe as the cache is.
 */
public final class CachePrewarmTarget implements PrewarmTarget {
  private final ModelCache cache;
  private final Function<String, List<String>> modelsOf;

  private CachePrewarmTarget(ModelCache cache, Function<String, List<String>> modelsOf) {
    this.cache = requireNonNull(cache, "cache");
    this.modelsOf = requireNonNull(modelsOf, "modelsOf");
  }

  /** Returns the server's target: a name is a model of the repository or a graph of the engine. */
  static CachePrewarmTarget of(
      ModelCache cache, ModelRepository repository, DefaultInferenceEngine engine) {
    return new CachePrewarmTarget(
        cache,
        name -> {
          if (repository.modelNames().contains(name)) {
            return List.of(name);
          }
          List<String> models = engine.graphModels(name);
          if (models.isEmpty()) {
            throw new IllegalArgumentException(
                "'" + name + "' is not a model or a valid graph in the repository");
          }
          return models;
        });
  }

  /** Returns a target without graphs (a harness without an engine): every name is a model. */
  public static CachePrewarmTarget modelsOnly(ModelCache cache, ModelRepository repository) {
    return new CachePrewarmTarget(
        cache,
        name -> {
          if (!repository.modelNames().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a model in the repository");
          }
          return List.of(name);
        });
  }

  @Override
  public List<String> modelsOf(String graphOrModel) {
    return modelsOf.apply(graphOrModel);
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
