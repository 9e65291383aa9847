package io.medulla.server;

import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Breaks the construction cycle between the repository (which needs a lifecycle listener) and the
 * engine and cache (which listen but need the repository): the repository gets this forwarder, and
 * the listeners are plugged in before any model loads. Each event goes to every listener, in order.
 * Also logs the transitions into LOADING and WARMING.
 */
final class ForwardingLifecycleListener implements ModelLifecycleListener {
  private static final Logger logger = LoggerFactory.getLogger(ForwardingLifecycleListener.class);

  private volatile List<ModelLifecycleListener> targets = List.of();

  void forwardTo(List<ModelLifecycleListener> listeners) {
    targets = List.copyOf(listeners);
  }

  @Override
  public void versionLoaded(ServedModel model, LoadReport report) {
    for (ModelLifecycleListener t : targets) {
      t.versionLoaded(model, report);
    }
  }

  @Override
  public void versionReady(ServedModel model) {
    for (ModelLifecycleListener t : targets) {
      t.versionReady(model);
    }
  }

  @Override
  public CompletableFuture<Void> versionUnloading(ServedModel model) {
    List<CompletableFuture<Void>> drains =
        targets.stream().map(t -> t.versionUnloading(model)).toList();
    return CompletableFuture.allOf(drains.toArray(CompletableFuture<?>[]::new));
  }

  @Override
  public void stateChanged(ModelVersionStatus status) {
    ModelState state = status.state();
    if (state == ModelState.LOADING || state == ModelState.WARMING) {
      // READY, UNLOADING and UNAVAILABLE are logged by the repository with their details.
      logger.info("model '{}' version {} is {}", status.name(), status.version(), state);
    }
    for (ModelLifecycleListener t : targets) {
      t.stateChanged(status);
    }
  }
}
