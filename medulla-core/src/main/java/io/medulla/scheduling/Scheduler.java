package io.medulla.scheduling;

import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Queues the requests of one model version and runs them on its instances.
 *
 * <p>Contract: {@link #schedule} takes a request the engine has already validated against the
 * model's configuration and never throws; the scheduler owns the request until it completes the
 * returned future, exactly once, with the response or an {@link
 * io.medulla.inference.InferenceException}. Cancelling the future withdraws a request that has not
 * started executing. Futures are completed without any scheduler lock held.
 */
public interface Scheduler {
  /** Queues {@code request}; the future completes when it has run or failed. */
  CompletableFuture<InferenceResponse> schedule(InferenceRequest request);

  /**
   * Stops accepting requests (new ones fail with UNAVAILABLE) and returns a future that completes
   * when every accepted request has completed.
   */
  CompletableFuture<Void> drain();

  /**
   * Returns the queued and in-flight counts per level and tenant, for gauges; null when this
   * scheduler does not keep them.
   */
  default @Nullable QueueSnapshot snapshot() {
    return null;
  }
}
