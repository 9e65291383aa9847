package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.cache.ModelCache;
import io.medulla.prewarm.PrewarmKind;
import io.medulla.prewarm.PrewarmTarget;
import io.medulla.repository.LoadCause;
import io.medulla.repository.ModelRepository;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Pre-warm's port onto a model cache and its repository, as the server wires it but without graphs:
 * every name is a model of the repository. Pre-warm loads go through the cache, so the memory
 * budget applies (a scheduled load may evict, a predicted one never does). Thread-safe as the cache
 * is.
 */
final class ModelCacheTarget implements PrewarmTarget {
  private final ModelCache cache;
  private final ModelRepository repository;

  ModelCacheTarget(ModelCache cache, ModelRepository repository) {
    this.cache = requireNonNull(cache, "cache");
    this.repository = requireNonNull(repository, "repository");
  }

  @Override
  public List<String> modelsOf(String graphOrModel) {
    if (!repository.modelNames().contains(graphOrModel)) {
      throw new IllegalArgumentException("'" + graphOrModel + "' is not a model in the repository");
    }
    return List.of(graphOrModel);
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
