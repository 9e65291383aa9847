package io.medulla.engine;

import io.medulla.inference.Deadline;
import io.medulla.repository.GraphSource;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelLease;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the engine needs from the model repository: resolving requests to ready versions and the
 * repository API. The composition root adapts the repository to it; tests use a fake.
 */
public interface ModelCatalog {
  /**
   * Returns the ready version {@code version} of {@code model}, or the one the version policy
   * prefers when {@code version} is empty.
   *
   * @throws io.medulla.inference.ModelNotFoundException if the model or version is unknown
   * @throws io.medulla.inference.ModelNotReadyException if it exists but is not ready
   */
  ServedModel resolve(String model, String version);

  /**
   * Returns a lease on the ready version, loading the model first when the model cache allows an
   * on-demand load; the future fails with the reason when it cannot serve (not found, not ready,
   * refused by the memory budget, or the deadline passed while waiting for the load). Without a
   * cache, resolves at once.
   */
  default CompletableFuture<ModelLease> acquire(String model, String version, Deadline deadline) {
    try {
      return CompletableFuture.completedFuture(ModelLease.of(resolve(model, version)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Returns every model and version in the repository with its state. */
  List<ModelVersionStatus> index();

  /**
   * Returns the configuration of a model in the repository.
   *
   * @throws io.medulla.inference.ModelNotFoundException if the model is unknown
   */
  ModelConfig config(String model);

  /** Loads or reloads a model; returns when it is ready. */
  void load(String model);

  /** Unloads a model; returns when its in-flight work is done. */
  void unload(String model);

  /** Reads the repository's graph folders (graph files and Triton ensembles); none by default. */
  default List<GraphSource> graphSources() {
    return List.of();
  }
}
