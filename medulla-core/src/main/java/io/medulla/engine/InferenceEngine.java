package io.medulla.engine;

import io.medulla.inference.Inferencer;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelVersionStatus;
import java.util.List;
import java.util.Map;

/**
 * The one facade the protocols call: health, metadata, inference, statistics and the repository
 * API. Every method is thread-safe; failures are {@link io.medulla.inference.InferenceException}s
 * whose status the protocol maps to the wire.
 */
public interface InferenceEngine extends Inferencer {
  /** Returns whether the server process is alive (always true while it can answer). */
  boolean isLive();

  /**
   * Returns whether the server is ready: started, not draining, every model it must serve ready.
   */
  boolean isReady();

  /** Returns the server's name, version and protocol extensions. */
  ServerMetadata serverMetadata();

  /**
   * Returns a model's metadata for a version, or for the version the policy picks when {@code
   * version} is empty.
   *
   * @throws io.medulla.inference.ModelNotFoundException if the model or version is unknown
   */
  ModelMetadata modelMetadata(String model, String version);

  /** Returns whether the model version can serve now. Never throws for an unknown model. */
  boolean isModelReady(String model, String version);

  /**
   * Returns the completed configuration of a model version.
   *
   * @throws io.medulla.inference.ModelNotFoundException if the model or version is unknown
   */
  ModelConfig modelConfig(String model, String version);

  /**
   * Returns statistics for one model (all its versions when {@code version} is empty), or for all
   * models when {@code model} is empty.
   */
  List<ModelStatistics> statistics(String model, String version);

  /** Returns the repository index; {@code readyOnly} keeps only READY versions. */
  List<ModelVersionStatus> repositoryIndex(boolean readyOnly);

  /**
   * Loads (or reloads) a model from the repository and returns when it is ready.
   *
   * @throws io.medulla.inference.InferenceException if the control mode forbids it, the model is
   *     unknown, or it fails to load (the message says why)
   */
  void loadModel(String model);

  /** Unloads a model; returns when its in-flight requests have finished. */
  void unloadModel(String model);

  /**
   * Returns a graph's resource view for capacity planning (see {@code
   * io.medulla.graph.GraphResourceView#toMap}): a tree of maps, lists, strings, numbers and
   * booleans.
   *
   * @throws io.medulla.inference.ModelNotFoundException if there is no such graph
   * @throws io.medulla.inference.ModelNotReadyException if the graph is not valid
   */
  default Map<String, Object> graphResources(String graph) {
    throw new ModelNotFoundException(graph, "");
  }
}
