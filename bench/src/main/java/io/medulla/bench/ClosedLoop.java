package io.medulla.bench;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A closed-loop load generator: keeps a fixed number of requests in flight, sending the next as
 * soon as one completes, and records each request's latency. The first failure stops the loop: a
 * benchmark whose requests fail measures nothing.
 */
interface ClosedLoop {
  /** Starts the load; latencies go to {@code recorder}. Called once. */
  void start(LatencyRecorder recorder);

  /**
   * Stops sending and waits for the requests in flight to finish.
   *
   * @throws IllegalStateException if requests are still in flight after {@code timeout}
   */
  void stop(Duration timeout);

  /** Returns the first failure, or null when every request has succeeded so far. */
  @Nullable Throwable failure();
}
