package io.medulla.cache;

import io.medulla.inference.ModelId;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadReport;

/**
 * Hears what the model cache does, for metrics: loads with their cause and cost, evictions,
 * cold-start requests and refused loads. Called without the cache's lock, from the thread that did
 * the work (a loading thread, or the thread completing a request's wait); must not block.
 */
public interface CacheListener {
  /** A listener that does nothing. */
  CacheListener NOOP = new CacheListener() {};

  /** A version has loaded (and warmed up), whatever caused the load. */
  default void loaded(ModelId id, LoadReport report, LoadCause cause) {}

  /** A version was evicted to make room; {@code bytes} on {@code device} became free. */
  default void evicted(ModelId id, String device, long bytes, String reason) {}

  /** A request waited {@code waitedNanos} for its model to load and then got it. */
  default void coldStart(String model, long waitedNanos) {}

  /** A load of {@code model} was refused for lack of memory, with the reason given to callers. */
  default void refused(String model, String reason) {}
}
