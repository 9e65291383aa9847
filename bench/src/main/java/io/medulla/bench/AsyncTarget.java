package io.medulla.bench;

import java.util.concurrent.CompletableFuture;

/** Sends one request without blocking; the future completes when its whole answer has arrived. */
@FunctionalInterface
interface AsyncTarget {
  /** Sends one request; the future fails when the request does. */
  CompletableFuture<?> send();
}
