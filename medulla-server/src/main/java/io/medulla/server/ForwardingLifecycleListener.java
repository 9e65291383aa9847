package io.medulla.server;

import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import java.util.concurrent.CompletableFuture;

/**
 * Breaks the construction cycle between the repository (which needs a lifecycle listener) and the
 * engine (which is that listener but needs the repository): the repository gets this forwarder, and
 * the engine is plugged in before any model loads. Also logs state changes.
 */
final class ForwardingLifecycleListener implements ModelLifecycleListener {
  private volatile ModelLifecycleListener target = ModelLifecycleListener.NOOP;

  void forwardTo(ModelLifecycleListener listener) {
    target = listener;
  }

  @Override
  public void versionReady(ServedModel model) {
    target.versionReady(model);
  }

  @Override
  public CompletableFuture<Void> versionUnloading(ServedModel model) {
    return target.versionUnloading(model);
  }

  @Override
  public void stateChanged(ModelVersionStatus status) {
    target.stateChanged(status);
  }
}
