package io.medulla.repository;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A Triton-style model repository: {@code <root>/<model>/config.pbtxt} and {@code
 * <root>/<model>/<version>/<model file>}. It reads and completes each model's configuration, loads
 * the versions its version policy selects through a {@link io.medulla.runtime.Backend}, follows the
 * model control mode, and resolves requests to ready versions.
 *
 * <p>Failures to load never escape {@link #start} or {@link #poll}: the model shows UNAVAILABLE in
 * {@link #index} with a reason naming the model-relative file, the field and what was expected.
 *
 * <p>Thread safety: every method may be called from any thread. {@link #resolve}, {@link #index},
 * {@link #config} and {@link #ready} read an immutable snapshot without locking. Loads and unloads
 * of one model run one at a time; different models load concurrently on the load executor. Backends
 * and the {@link ModelLifecycleListener} are never called while a lock that requests need is held.
 */
public interface ModelRepository extends AutoCloseable {
  /** Returns a builder for a repository rooted at {@code root}. */
  static ModelRepositoryBuilder builder(Path root) {
    return new ModelRepositoryBuilder(root);
  }

  /** Returns the model control mode. */
  ModelControlMode controlMode();

  /**
   * Scans the repository and loads models, blocking until every load has finished: every model in
   * modes NONE and POLL; in EXPLICIT mode only {@code loadModels} ({@code "*"} means all); in
   * ON_DEMAND mode {@code loadModels} and the pinned models, the others showing UNAVAILABLE until
   * their first request.
   *
   * @throws IllegalStateException if the repository root cannot be listed, or start was called
   */
  void start(Set<String> loadModels);

  /**
   * Rescans the repository (POLL mode): loads new models, reloads models whose files changed and
   * unloads models whose folder disappeared. The server calls it every poll interval.
   *
   * @throws IllegalStateException if the control mode is not POLL
   */
  void poll();

  /**
   * Loads or reloads a model, blocking until done. On reload, new versions become READY before the
   * versions they replace are unloaded, so the model stays servable.
   *
   * @throws ModelNotFoundException if the repository has no such model folder
   * @throws InferenceException with {@code UNAVAILABLE} if the control mode is not EXPLICIT or
   *     ON_DEMAND, or if the model or one of its selected versions failed to load (with the
   *     reasons)
   */
  void load(String name);

  /**
   * Unloads every version of a model: they stop resolving at once, and each is closed when the
   * listener's {@link ModelLifecycleListener#versionUnloading} future completes. Does not wait for
   * that.
   *
   * @throws ModelNotFoundException if the model is not in the index
   * @throws InferenceException with {@code UNAVAILABLE} if the control mode is not EXPLICIT or
   *     ON_DEMAND
   */
  void unload(String name);

  /**
   * Loads a model's selected versions that are not READY, in any control mode: the model cache's
   * on-demand and pre-warm loads. Returns at once when every version is READY; otherwise blocks
   * until the load (and warm-up) has finished, and returns when a version is READY (one that failed
   * beside it shows its reason in the index). Serialized with every other load or unload of the
   * model.
   *
   * @throws ModelNotFoundException if the repository has no such model folder
   * @throws InferenceException with {@code UNAVAILABLE} if the model failed to load (with the
   *     reasons)
   */
  default void ensureLoaded(String name, LoadCause cause) {
    throw new UnsupportedOperationException("ensureLoaded");
  }

  /**
   * Takes one READY version out of service for the model cache, in any control mode: it stops
   * resolving at once, drains like an unload, and its row shows UNAVAILABLE with {@code reason}.
   * The model's folder stamp is kept, so POLL mode does not reload it. Does nothing when the
   * version is not READY. Does not wait for the drain, and never waits for the model's lock: when
   * another load or unload of the model holds it, returns false and evicts nothing.
   *
   * @return whether the version was taken out of service
   */
  default boolean evict(ModelId id, String reason) {
    throw new UnsupportedOperationException("evict");
  }

  /**
   * Returns the bytes a model's selected versions are expected to hold once loaded, read without
   * loading it: declared in its config ({@code parameters { key: "medulla.memory_bytes" }}), else
   * measured at its last load, else estimated from the model files' sizes times the instance count;
   * 0 when the folder cannot be read.
   */
  default long expectedFootprint(String name) {
    return 0;
  }

  /**
   * Returns the models whose config marks them pinned ({@code parameters { key: "medulla.pinned"
   * value: { string_value: "true" } }}), read from disk without loading them.
   */
  default Set<String> pinnedModels() {
    return Set.of();
  }

  /** Returns the names of every model folder in the repository (graphs excluded), sorted. */
  default List<String> modelNames() {
    return index().stream().map(ModelVersionStatus::name).distinct().toList();
  }

  /**
   * Returns the ready version to serve.
   *
   * @param version a version number, or {@code ""} for the highest ready version
   * @throws ModelNotFoundException for an unknown model or version
   * @throws ModelNotReadyException for a known model or version that is not ready, with the reason
   */
  ServedModel resolve(String name, String version);

  /**
   * Returns every model in the repository, loaded or not, with a row per version (or one row with
   * version {@code ""} when the model has no version or failed as a whole), sorted by name, then
   * version.
   */
  List<ModelVersionStatus> index();

  /**
   * Returns a model's completed configuration.
   *
   * @throws ModelNotFoundException if the model is not in the index
   * @throws ModelNotReadyException if the model has not loaded successfully
   */
  ModelConfig config(String name);

  /** Returns every READY version, sorted by name, then version. */
  List<ServedModel> ready();

  /**
   * Reads the graph folders from disk (graph files and Triton ensembles), sorted by name. The
   * repository does not load them as models and leaves them out of {@link #index}; an unreadable
   * one is logged and left out.
   */
  default List<GraphSource> graphSources() {
    return List.of();
  }

  /**
   * Unloads every model and waits until each listener future has completed and every version is
   * closed.
   */
  @Override
  void close();
}
