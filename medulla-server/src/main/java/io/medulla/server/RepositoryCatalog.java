package io.medulla.server;

import io.medulla.engine.ModelCatalog;
import io.medulla.repository.GraphSource;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelRepository;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.Backend;
import java.util.List;
import java.util.Set;

/** Adapts the model repository to the engine's {@link ModelCatalog} port. */
final class RepositoryCatalog implements ModelCatalog, AutoCloseable {
  private final ModelRepository repository;

  private RepositoryCatalog(ModelRepository repository) {
    this.repository = repository;
  }

  static RepositoryCatalog create(
      ServerConfig config, List<Backend> backends, ModelLifecycleListener listener) {
    return new RepositoryCatalog(
        ModelRepository.builder(config.modelRepository())
            .backends(backends)
            .controlMode(config.modelControlMode())
            .strictModelConfig(config.strictModelConfig())
            .listener(listener)
            .build());
  }

  void start(Set<String> loadModels) {
    repository.start(loadModels);
  }

  void poll() {
    repository.poll();
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
    repository.close();
  }
}
