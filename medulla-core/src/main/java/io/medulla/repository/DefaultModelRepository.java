package io.medulla.repository;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.StatusCode;
import io.medulla.runtime.Backend;
import io.medulla.runtime.ModelLoadException;
import io.medulla.time.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModelRepository} of the model control modes; see {@link ModelLifecycle} for locks.
 * Reads of the folders on disk ({@link #modelNames}, {@link #pinnedModels}, {@link
 * #expectedFootprint}) take no lock.
 */
final class DefaultModelRepository implements ModelRepository {
  private static final Logger logger = LoggerFactory.getLogger(DefaultModelRepository.class);
  private static final String NOT_LOADED =
      "not loaded (model control mode EXPLICIT: load it through the repository API)";
  private static final String NOT_LOADED_ON_DEMAND = "not loaded (loads on first request)";
  private static final Comparator<ModelVersionStatus> ROW_ORDER =
      Comparator.comparing(ModelVersionStatus::name)
          .thenComparingLong(r -> r.version().isEmpty() ? 0 : Long.parseLong(r.version()));

  private final ModelControlMode mode;
  private final Executor loadExecutor;
  private final RepositoryScanner scanner;
  private final RepositoryIndex index;
  private final ModelPreparer preparer;
  private final Footprints footprints = new Footprints();
  private final ModelLifecycle lifecycle;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  DefaultModelRepository(
      Path root,
      List<Backend> backends,
      ModelControlMode mode,
      boolean strictModelConfig,
      ModelLifecycleListener listener,
      Executor loadExecutor,
      Ticker ticker,
      LoadGate gate,
      ResidentMemory residentMemory) {
    this.mode = mode;
    this.loadExecutor = loadExecutor;
    this.scanner = new RepositoryScanner(root);
    this.index = new RepositoryIndex(listener);
    this.preparer = new ModelPreparer(backends, strictModelConfig);
    this.lifecycle =
        new ModelLifecycle(
            scanner,
            preparer,
            index,
            new VersionLoader(listener, ticker, residentMemory),
            listener,
            gate,
            footprints);
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
    if (isSelective() && !requested.contains("*")) {
      Set<String> wanted = new HashSet<>(requested);
      if (mode == ModelControlMode.ON_DEMAND) {
        wanted.addAll(pinnedModels());
      }
      toLoad.retainAll(wanted);
      for (String name : requested) {
        if (!names.contains(name)) {
          logger.warn("model '{}' is named to load at start but is not in the repository", name);
        }
      }
    }
    String notLoaded = notLoadedReason();
    for (String name : names) {
      if (!toLoad.contains(name)) {
        index.update(name, e -> e != null ? e : ModelEntry.notLoaded(name, notLoaded));
      }
    }
    loadAll(names.stream().filter(toLoad::contains).toList(), false, LoadCause.START);
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
    loadAll(names, true, LoadCause.POLL);
  }

  @Override
  public void load(String name) {
    checkControlMode("load");
    if (!scanner.exists(name)) {
      throw new ModelNotFoundException(name, "");
    }
    List<String> problems = lifecycle.reconcile(name, false, LoadCause.API);
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
  public void ensureLoaded(String name, LoadCause cause) {
    checkOpen();
    ModelEntry entry = index.get(name);
    if (entry != null && entry.allReady()) {
      return;
    }
    if (!scanner.isModel(name)) {
      throw new ModelNotFoundException(name, "");
    }
    lifecycle.ensureLoaded(name, cause);
  }

  @Override
  public boolean evict(ModelId id, String reason) {
    return !closed && lifecycle.evict(id, reason);
  }

  @Override
  public long expectedFootprint(String name) {
    if (!scanner.exists(name)) {
      return 0;
    }
    try {
      ModelFolder folder = scanner.scan(name);
      ConfigDraft draft = ModelPreparer.draft(folder);
      OptionalLong declared = declared(draft.parameters());
      int instances =
          Math.max(1, draft.instanceGroups().stream().mapToInt(InstanceGroup::count).sum());
      long total = 0;
      for (Map.Entry<Long, Path> version : preparer.selectedFiles(draft, folder).entrySet()) {
        long bytes =
            footprints.expected(
                new ModelId(name, version.getKey()), declared, version.getValue(), instances);
        total = bytes > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + bytes;
      }
      return total;
    } catch (ModelLoadException e) {
      logger.debug("model '{}': no footprint estimate: {}", name, e.getMessage());
      return 0;
    }
  }

  @Override
  public Set<String> pinnedModels() {
    Set<String> out = new TreeSet<>();
    for (String name : namesOnDisk()) {
      try {
        ConfigDraft draft = ModelPreparer.draft(scanner.configOnly(name));
        if (MedullaParameters.pinned(draft.parameters())) {
          out.add(name);
        }
      } catch (ModelLoadException e) {
        logger.debug("model '{}': config unreadable, not pinned: {}", name, e.getMessage());
      }
    }
    return Collections.unmodifiableSet(out);
  }

  @Override
  public List<String> modelNames() {
    return List.copyOf(namesOnDisk());
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
    if (isSelective() && started.get()) {
      // Folders added since start are loadable, so the index lists them as Triton's does.
      String notLoaded = notLoadedReason();
      for (String name : namesOnDisk()) {
        if (index.get(name) == null) {
          rows.addAll(ModelEntry.notLoaded(name, notLoaded).rows());
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

  private void loadAll(List<String> names, boolean onlyIfChanged, LoadCause cause) {
    List<CompletableFuture<Void>> loads = new ArrayList<>();
    for (String name : names) {
      loads.add(
          CompletableFuture.runAsync(
              () -> lifecycle.reconcile(name, onlyIfChanged, cause), loadExecutor));
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

  /** Whether start loads only what it is told to, and the API may load and unload. */
  private boolean isSelective() {
    return mode == ModelControlMode.EXPLICIT || mode == ModelControlMode.ON_DEMAND;
  }

  private String notLoadedReason() {
    return mode == ModelControlMode.ON_DEMAND ? NOT_LOADED_ON_DEMAND : NOT_LOADED;
  }

  private static OptionalLong declared(Map<String, String> parameters) {
    try {
      return MedullaParameters.memoryBytes(parameters);
    } catch (IllegalArgumentException e) {
      return OptionalLong.empty();
    }
  }

  private void checkControlMode(String operation) {
    checkOpen();
    if (!isSelective()) {
      throw new InferenceException(
          StatusCode.UNAVAILABLE,
          operation
              + ": model control mode "
              + mode
              + " does not allow loading or unloading models"
              + " through the repository API (expected: model control mode EXPLICIT or"
              + " ON_DEMAND)");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model repository is closed");
    }
  }
}
