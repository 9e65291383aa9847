package io.medulla.repository;

import java.util.concurrent.CompletableFuture;

/**
 * Hears about model versions becoming ready and going away, so that the engine can attach and drain
 * schedulers. Methods are called without locks held, from the thread doing the load or unload; they
 * must not block.
 */
public interface ModelLifecycleListener {
  /** A listener that does nothing. */
  ModelLifecycleListener NOOP = new ModelLifecycleListener() {};

  /**
   * Called when a version has loaded and finished its warm-up, before {@link #versionReady}, with
   * what the load cost.
   */
  default void versionLoaded(ServedModel model, LoadReport report) {}

  /** Called when a version has loaded (and warmed up) and is about to be marked READY. */
  default void versionReady(ServedModel model) {}

  /**
   * Called when a version is leaving service; new requests no longer resolve to it. Returns a
   * future that completes when its in-flight work is finished, after which its instances are
   * closed.
   */
  default CompletableFuture<Void> versionUnloading(ServedModel model) {
    return CompletableFuture.completedFuture(null);
  }

  /** Called after any state change, for logs and metrics. */
  default void stateChanged(ModelVersionStatus status) {}
}
