package io.medulla.inference;

import java.util.concurrent.CompletableFuture;

/**
 * Takes a request and answers it later: the one interface that models, schedulers, graphs and the
 * engine share, so a graph can stand wherever a model can.
 *
 * <p>Failures complete the future exceptionally with an {@link InferenceException}; this method
 * itself does not throw for a bad request. Cancelling the returned future tells the callee that the
 * answer is no longer wanted.
 */
@FunctionalInterface
public interface Inferencer {
  /** Starts answering {@code request} and returns its future response. */
  CompletableFuture<InferenceResponse> infer(InferenceRequest request);
}
