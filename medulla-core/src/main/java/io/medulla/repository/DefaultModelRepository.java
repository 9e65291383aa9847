package io.medulla.repository;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.StatusCode;
import io.medulla.runtime.Backend;
import io.medulla.runtime.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ModelRepository} of the model control modes; see {@link ModelLifecycle} for locks. */
final class DefaultModelRepository implements ModelRepository {
  private static final Logger logger = LoggerFactory.getLogger(DefaultModelRepository.class);
  private static final String NOT_LOADED =
      "not loaded (model control mode EXPLICIT: load it through the repository API)";
  private static final Comparator<ModelVersionStatus> ROW_ORDER =
      Comparator.comparing(ModelVersionStatus::name)
          .thenComparingLong(r -> r.version().isEmpty() ? 0 : Long.parseLong(r.version()));

  private final ModelControlMode mode;
  private final Executor loadExecutor;
  private final RepositoryScanner scanner;
  private final RepositoryIndex index;
  private final ModelLifecycle lifecycle;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  DefaultModelRepository(
      Path root,
      List<Backend> backends,
      ModelControlMode mode,
      boolean strictModelConfig,
      ModelLifecycleListener listener,
      Executor loadExecutor) {
    this.mode = mode;
    this.loadExecutor = loadExecutor;
    this.scanner = new RepositoryScanner(root);
    this.index = new RepositoryIndex(listener);
    this.lifecycle =
        new ModelLifecycle(
            scanner,
            new ModelPreparer(backends, strictModelConfig),
            index,
            new VersionLoader(listener),
            listener);
  }

  @Override
  public ModelControlMode controlMode() {
    return mode;
  }

  @Override
  public void start(Set<String> loadModels) {
    Set<String> requested = Set.copyOf(loadModels);
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("start: already started");
    }
    List<String> names = listModels();
    Set<String> toLoad = new HashSet<>(names);
    if (mode == ModelControlMode.EXPLICIT && !requested.contains("*")) {
      toLoad.retainAll(requested);
      for (String name : requested) {
        if (!names.contains(name)) {
          logger.warn("model '{}' is named to load at start but is not in the repository", name);
        }
      }
    }
    for (String name : names) {
      if (!toLoad.contains(name)) {
        index.update(
            name,
            e ->
                e != null
                    ? e
                    : ModelEntry.notLoaded(
                        name,
                        "not loaded (model control mode EXPLICIT: load it through the repository API)"));
      }
    }
    loadAll(names.stream().filter(toLoad::contains).toList(), false);
  }

  @Override
  public void poll() {
    if (mode != ModelControlMode.POLL) {
      throw new IllegalStateException("poll: model control mode is " + mode + " (expected: POLL)");
    }
    checkOpen();
    List<String> names = listModels();
    for (ModelEntry entry : List.copyOf(index.entries())) {
      if (!names.contains(entry.name())) {
        lifecycle.remove(entry.name());
      }
    }
    loadAll(names, true);
  }

  @Override
  public void load(String name) {
    checkControlMode("load");
    if (!scanner.exists(name)) {
      throw new ModelNotFoundException(name, "");
    }
    List<String> problems = lifecycle.reconcile(name, false);
    if (!problems.isEmpty()) {
      throw new InferenceException(
          StatusCode.UNAVAILABLE,
          "failed to load model '" + name + "': " + ModelLifecycle.join(problems));
    }
  }

  @Override
  public void unload(String name) {
    checkControlMode("unload");
    if (index.get(name) == null) {
      throw new ModelNotFoundException(name, "");
    }
    lifecycle.unload(name);
  }

  @Override
  public ServedModel resolve(String name, String version) {
    return index.resolve(name, version);
  }

  @Override
  public List<ModelVersionStatus> index() {
    List<ModelVersionStatus> rows = new ArrayList<>();
    for (ModelEntry entry : index.entries()) {
      rows.addAll(entry.rows());
    }
    if (mode == ModelControlMode.EXPLICIT && started.get()) {
      // Folders added since start are loadable, so the index lists them as Triton's does.
      for (String name : namesOnDisk()) {
        if (index.get(name) == null) {
          rows.addAll(ModelEntry.notLoaded(name, NOT_LOADED).rows());
        }
      }
      rows.sort(ROW_ORDER);
    }
    return List.copyOf(rows);
  }

  @Override
  public ModelConfig config(String name) {
    ModelEntry entry = index.get(name);
    if (entry == null) {
      throw new ModelNotFoundException(name, "");
    }
    ModelConfig config = entry.config();
    if (config == null) {
      throw new ModelNotReadyException(name, entry.whyNotReady());
    }
    return config;
  }

  @Override
  public List<ServedModel> ready() {
    List<ServedModel> out = new ArrayList<>();
    for (ModelEntry entry : index.entries()) {
      for (VersionSlot slot : entry.versions().values()) {
        if (slot.isReady() && slot.served() != null) {
          out.add(slot.served());
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<GraphSource> graphSources() {
    List<GraphSource> out = new ArrayList<>();
    for (String name : namesOfGraphs()) {
      try {
        out.add(scanner.graph(name));
      } catch (ModelLoadException e) {
        logger.warn("{}", e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private List<String> namesOfGraphs() {
    try {
      return scanner.graphNames();
    } catch (ModelLoadException e) {
      logger.warn("{}", e.getMessage());
      return List.of();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ModelEntry entry : List.copyOf(index.entries())) {
      lifecycle.unload(entry.name());
    }
    lifecycle.drained().join();
  }

  private void loadAll(List<String> names, boolean onlyIfChanged) {
    List<CompletableFuture<Void>> loads = new ArrayList<>();
    for (String name : names) {
      loads.add(
          CompletableFuture.runAsync(() -> lifecycle.reconcile(name, onlyIfChanged), loadExecutor));
    }
    CompletableFuture.allOf(loads.toArray(CompletableFuture<?>[]::new)).join();
  }

  private List<String> listModels() {
    try {
      return scanner.modelNames();
    } catch (ModelLoadException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private List<String> namesOnDisk() {
    try {
      return scanner.modelNames();
    } catch (ModelLoadException e) {
      logger.warn("{}", e.getMessage());
      return List.of();
    }
  }

  private void checkControlMode(String operation) {
    checkOpen();
    if (mode != ModelControlMode.EXPLICIT) {
      throw new InferenceException(
          StatusCode.UNAVAILABLE,
          operation
              + ": model control mode "
              + mode
              + " does not allow loading or unloading models"
              + " through the repository API (expected: model control mode EXPLICIT)");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model repository is closed");
    }
  }
}
