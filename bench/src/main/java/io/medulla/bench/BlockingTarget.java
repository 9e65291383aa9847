package io.medulla.bench;

/** Runs one request on the calling thread and returns when its answer is complete. */
@FunctionalInterface
interface BlockingTarget {
  /** Runs one request; throws when it fails. */
  void call() throws Exception;
}
