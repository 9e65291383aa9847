package io.medulla.cache;

import io.medulla.inference.ModelId;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link CacheListener} and logs what it throws: a metrics bug must not fail a load, an
 * eviction or a request.
 */
final class GuardedListener implements CacheListener {
  private static final Logger logger = LoggerFactory.getLogger(GuardedListener.class);

  private final CacheListener delegate;

  GuardedListener(CacheListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void loaded(ModelId id, LoadReport report, LoadCause cause) {
    try {
      delegate.loaded(id, report, cause);
    } catch (RuntimeException e) {
      logger.warn("cache listener failed on load of model '{}'", id.name(), e);
    }
  }

  @Override
  public void evicted(ModelId id, String device, long bytes, String reason) {
    try {
      delegate.evicted(id, device, bytes, reason);
    } catch (RuntimeException e) {
      logger.warn("cache listener failed on eviction of model '{}'", id.name(), e);
    }
  }

  @Override
  public void coldStart(String model, long waitedNanos) {
    try {
      delegate.coldStart(model, waitedNanos);
    } catch (RuntimeException e) {
      logger.warn("cache listener failed on cold start of model '{}'", model, e);
    }
  }

  @Override
  public void refused(String model, String reason) {
    try {
      delegate.refused(model, reason);
    } catch (RuntimeException e) {
      logger.warn("cache listener failed on refusal of model '{}'", model, e);
    }
  }
}
