package io.medulla.repository;

/**
 * A request's hold on a ready model version: while any lease is open the version counts as busy and
 * is never evicted. Release exactly once, when the request's work on the version is done.
 */
public interface ModelLease extends AutoCloseable {
  /** Returns the version to run the request on. */
  ServedModel served();

  /** Returns whether the request had to wait for the version to load (a cold start). */
  boolean coldStart();

  /** Releases the hold. Idempotent. */
  @Override
  void close();

  /** Returns a lease that holds nothing, for catalogs without a cache. */
  static ModelLease of(ServedModel served) {
    return new ModelLease() {
      @Override
      public ServedModel served() {
        return served;
      }

      @Override
      public boolean coldStart() {
        return false;
      }

      @Override
      public void close() {}
    };
  }
}
