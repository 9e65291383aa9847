package io.medulla.repository;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records lifecycle events in order ("ready m/1", "unloading m/1") and can hold unloads open until
 * a test completes their futures. The journal interleaves everything it hears ("state m/1 LOADING",
 * "loaded m/1", "ready m/1") and may be shared with a {@link FakeBackend}.
 */
final class RecordingListener implements ModelLifecycleListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<ModelVersionStatus> states = new CopyOnWriteArrayList<>();
  final List<LoadReport> reports = new CopyOnWriteArrayList<>();
  final List<String> journal = new CopyOnWriteArrayList<>();
  final Map<String, CompletableFuture<Void>> drains = new ConcurrentHashMap<>();
  volatile boolean holdUnloads;
  volatile Consumer<ServedModel> onReady = m -> {};

  @Override
  public void versionLoaded(ServedModel model, LoadReport report) {
    reports.add(report);
    journal.add("loaded " + model.id());
  }

  @Override
  public void versionReady(ServedModel model) {
    onReady.accept(model);
    events.add("ready " + model.id());
    journal.add("ready " + model.id());
  }

  @Override
  public CompletableFuture<Void> versionUnloading(ServedModel model) {
    events.add("unloading " + model.id());
    journal.add("unloading " + model.id());
    if (!holdUnloads) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    drains.put(model.id().toString(), f);
    return f;
  }

  @Override
  public void stateChanged(ModelVersionStatus status) {
    states.add(status);
    journal.add("state " + status.name() + "/" + status.version() + " " + status.state());
  }
}
