package io.medulla.prewarm;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which the {@link Prewarmer} reaches the model cache and the graph catalog; the
 * server adapts them to it.
 *
 * <p>Implementations must be thread-safe. {@link #modelsOf}, {@link #isReady}, {@link
 * #measuredLoadNanos}, {@link #fitsWithoutEviction} and {@link #keepWarm} are called on the timer's
 * thread and must not block; {@link #load} must return at once and complete its future when the
 * load has finished.
 */
public interface PrewarmTarget {
  /**
   * Returns the models a name stands for: a graph's models (those it calls, recursively), or a
   * model itself.
   *
   * @throws IllegalArgumentException when the name is neither a model nor a graph
   */
  List<String> modelsOf(String graphOrModel);

  /** Returns whether a version of the model is READY to serve. */
  boolean isReady(String model);

  /** Returns how long the model's last load (with warm-up) took, or empty if never measured. */
  OptionalLong measuredLoadNanos(String model);

  /** Returns whether the model would fit in the cache's budget without evicting another model. */
  boolean fitsWithoutEviction(String model);

  /**
   * Starts loading the model (doing nothing when it is READY). A {@link PrewarmKind#PREDICTION}
   * load must never evict another model; the target refuses it (fails the future) instead.
   *
   * @return completes when the model is READY, or exceptionally when the load failed
   */
  CompletableFuture<Void> load(String model, PrewarmKind kind);

  /**
   * Keeps the READY model from eviction until the ticker reads {@code untilTickerNanos}; a later
   * deadline replaces an earlier one, an earlier one is ignored.
   */
  void keepWarm(String model, long untilTickerNanos);
}
