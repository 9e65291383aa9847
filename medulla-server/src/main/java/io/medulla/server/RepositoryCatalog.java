package io.medulla.server;

import io.medulla.cache.ModelCache;
import io.medulla.engine.ModelCatalog;
import io.medulla.inference.Deadline;
import io.medulla.repository.GraphSource;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelLease;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelRepository;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.Backend;
import io.medulla.time.Ticker;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Adapts the model repository, behind its cache, to the engine's {@link ModelCatalog} port:
 * requests take leases from the cache (which loads on demand within the memory budget); the
 * repository API goes to the repository, whose every load passes the cache's gate.
 */
final class RepositoryCatalog implements ModelCatalog, AutoCloseable {
  private final ModelRepository repository;
  private final ModelCache cache;

  private RepositoryCatalog(ModelRepository repository, ModelCache cache) {
    this.repository = repository;
    this.cache = cache;
  }

  static RepositoryCatalog create(
      ServerConfig config,
      List<Backend> backends,
      ModelLifecycleListener listener,
      ModelCache cache,
      Ticker ticker) {
    ModelRepository repository =
        ModelRepository.builder(config.modelRepository())
            .backends(backends)
            .controlMode(config.modelControlMode())
            .strictModelConfig(config.strictModelConfig())
            .listener(listener)
            .loadGate(cache)
            .ticker(ticker)
            .build();
    cache.bind(repository);
    return new RepositoryCatalog(repository, cache);
  }

  ModelRepository repository() {
    return repository;
  }

  /** Loads the initial models through the cache: pinned ones first in the budget. */
  void start(Set<String> loadModels) {
    cache.start(loadModels);
  }

  void poll() {
    repository.poll();
  }

  @Override
  public CompletableFuture<ModelLease> acquire(String model, String version, Deadline deadline) {
    return cache.acquire(model, version, deadline);
  }

  @Override
  public ServedModel resolve(String model, String version) {
    return repository.resolve(model, version);
  }

  @Override
  public List<ModelVersionStatus> index() {
    return repository.index();
  }

  @Override
  public ModelConfig config(String model) {
    return repository.config(model);
  }

  @Override
  public void load(String model) {
    repository.load(model);
  }

  @Override
  public void unload(String model) {
    repository.unload(model);
  }

  @Override
  public List<GraphSource> graphSources() {
    return repository.graphSources();
  }

  @Override
  public void close() {
    cache.close();
    repository.close();
  }
}
