package io.medulla.prewarm;

/**
 * Hears what the {@link Prewarmer} does, for metrics. Called on the timer's thread or the thread
 * that completed a load; implementations must be thread-safe and quick.
 */
public interface PrewarmListener {
  /** A listener that hears nothing. */
  PrewarmListener NONE = new PrewarmListener() {};

  /** A pre-warm load of {@code model} is starting; {@code why} says what asked for it. */
  default void prewarmStarted(String model, PrewarmKind kind, String why) {}

  /** A pre-warm load has finished; {@code detail} says how long it took or why it failed. */
  default void prewarmFinished(String model, PrewarmKind kind, boolean ok, String detail) {}

  /** The expected number of requests for {@code model} in the coming hour (for a gauge). */
  default void expected(String model, double expectedRequests) {}
}
