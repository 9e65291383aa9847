package io.medulla.cache;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.StatusCode;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadGate;
import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelRepository;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import io.medulla.repository.ServedModel;
import io.medulla.repository.VersionPolicy;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A model repository in memory that behaves like the real one towards the cache: every load goes
 * through the gate's reserve and settle and tells the lifecycle listener (versionLoaded, then
 * versionReady; versionUnloading on unload and eviction); loads of one model hold that model's
 * lock, and {@link #evict} only tries it. Tests script footprints, failures, busy models and loads
 * that block on a latch.
 */
final class FakeRepository implements ModelRepository {
  /** One model folder: its footprint (expected and measured), device, versions and behaviour. */
  static final class Model {
    final String name;
    long expectedBytes;
    long measuredBytes;
    String device = LoadReport.HOST;
    List<Long> versions = List.of(1L);
    boolean pinned;
    long loadNanos = 1_000;
    volatile String failure = "";
    volatile String warmupFailure = "";
    volatile CountDownLatch blockLoads = new CountDownLatch(0);
    final ReentrantLock lock = new ReentrantLock();

    Model(String name, long bytes) {
      this.name = name;
      this.expectedBytes = bytes;
      this.measuredBytes = bytes;
    }

    Model measured(long bytes) {
      this.measuredBytes = bytes;
      return this;
    }

    Model device(String device) {
      this.device = device;
      return this;
    }

    Model versions(Long... versions) {
      this.versions = List.of(versions);
      return this;
    }

    Model pinned() {
      this.pinned = true;
      return this;
    }

    Model loadNanos(long nanos) {
      this.loadNanos = nanos;
      return this;
    }

    Model failing(String failure) {
      this.failure = failure;
      return this;
    }

    Model failingWarmup(String failure) {
      this.warmupFailure = failure;
      return this;
    }

    Model blockLoadsOn(CountDownLatch latch) {
      this.blockLoads = latch;
      return this;
    }
  }

  private final ModelControlMode mode;
  private final Map<String, Model> models = new TreeMap<>();
  private final Map<ModelId, ServedModel> ready = new ConcurrentHashMap<>();
  private final Map<String, String> reasons = new ConcurrentHashMap<>();
  private volatile LoadGate gate = LoadGate.OPEN;
  private volatile ModelLifecycleListener listener = ModelLifecycleListener.NOOP;
  volatile boolean settleBeforeLoadedEvent;
  volatile Consumer<ModelId> beforeEvict = id -> {};
  final Set<String> busy = ConcurrentHashMap.newKeySet();
  final List<String> ensureLoadedCalls = new CopyOnWriteArrayList<>();
  final List<String> loads = new CopyOnWriteArrayList<>();
  final List<String> evictions = new CopyOnWriteArrayList<>();
  final List<String> evictAttempts = new CopyOnWriteArrayList<>();
  final List<LoadedModel> closedModels = new CopyOnWriteArrayList<>();

  FakeRepository(ModelControlMode mode) {
    this.mode = mode;
  }

  Model add(String name, long bytes) {
    Model m = new Model(name, bytes);
    models.put(name, m);
    return m;
  }

  Model model(String name) {
    Model m = models.get(name);
    if (m == null) {
      throw new IllegalArgumentException(name);
    }
    return m;
  }

  /** Wires the gate and the listener, as the composition root does. */
  void wire(LoadGate gate, ModelLifecycleListener listener) {
    this.gate = gate;
    this.listener = listener;
  }

  /** Returns the evicted versions, in order, as "name/version". */
  List<String> evictedIds() {
    return evictions.stream().map(e -> e.substring(0, e.indexOf(' '))).toList();
  }

  @Override
  public ModelControlMode controlMode() {
    return mode;
  }

  @Override
  public void start(Set<String> loadModels) {
    for (Model m : models.values()) {
      boolean load =
          switch (mode) {
            case NONE, POLL -> true;
            case EXPLICIT -> loadModels.contains("*") || loadModels.contains(m.name);
            case ON_DEMAND -> m.pinned || loadModels.contains(m.name);
          };
      if (load) {
        try {
          loadLocked(m, LoadCause.START);
        } catch (InferenceException e) {
          // Shown in the index, as the real repository does.
        }
      }
    }
  }

  @Override
  public void poll() {
    throw new IllegalStateException("not POLL");
  }

  @Override
  public void load(String name) {
    Model m = find(name);
    loadLocked(m, LoadCause.API);
  }

  @Override
  public void unload(String name) {
    Model m = find(name);
    m.lock.lock();
    try {
      for (ServedModel s : servedOf(name)) {
        ready.remove(s.id());
        reasons.put(name, "unloaded");
        listener.versionUnloading(s);
        closedModels.add(s.model());
      }
    } finally {
      m.lock.unlock();
    }
  }

  @Override
  public void ensureLoaded(String name, LoadCause cause) {
    ensureLoadedCalls.add(name + ":" + cause);
    Model m = find(name);
    m.lock.lock();
    try {
      await(m.blockLoads);
      if (servedOf(name).isEmpty()) {
        load(m, cause);
      }
    } finally {
      m.lock.unlock();
    }
  }

  private void loadLocked(Model m, LoadCause cause) {
    m.lock.lock();
    try {
      load(m, cause);
    } finally {
      m.lock.unlock();
    }
  }

  private void load(Model m, LoadCause cause) {
    for (long v : m.versions) {
      ModelId id = new ModelId(m.name, v);
      try {
        gate.reserve(id, m.device, m.expectedBytes, cause);
      } catch (InferenceException e) {
        reasons.put(m.name, e.getMessage());
        throw e;
      }
      if (!m.failure.isEmpty()) {
        gate.settle(id, null);
        reasons.put(m.name, m.failure);
        throw new InferenceException(
            StatusCode.UNAVAILABLE, "model '" + m.name + "' failed to load: " + m.failure);
      }
      ServedModel served = new ServedModel(id, config(m.name, 0), "0".repeat(64), new Loaded(id));
      LoadReport report = new LoadReport(id, m.loadNanos, 0, 0, m.device, m.measuredBytes);
      if (!m.warmupFailure.isEmpty()) {
        listener.versionLoaded(served, report);
        gate.settle(id, null);
        reasons.put(m.name, m.warmupFailure);
        throw new InferenceException(
            StatusCode.UNAVAILABLE, "model '" + m.name + "' failed to warm up: " + m.warmupFailure);
      }
      if (settleBeforeLoadedEvent) {
        gate.settle(id, report);
        listener.versionLoaded(served, report);
      } else {
        listener.versionLoaded(served, report);
        gate.settle(id, report);
      }
      ready.put(id, served);
      reasons.remove(m.name);
      loads.add(id + ":" + cause);
      listener.versionReady(served);
    }
  }

  @Override
  public boolean evict(ModelId id, String reason) {
    evictAttempts.add(id.toString());
    Model m = find(id.name());
    if (busy.contains(id.name()) || !m.lock.tryLock()) {
      return false;
    }
    try {
      beforeEvict.accept(id);
      ServedModel s = ready.remove(id);
      if (s == null) {
        return false;
      }
      reasons.put(id.name(), reason);
      evictions.add(id + " " + reason);
      listener.versionUnloading(s);
      closedModels.add(s.model());
      return true;
    } finally {
      m.lock.unlock();
    }
  }

  @Override
  public long expectedFootprint(String name) {
    Model m = models.get(name);
    return m == null ? 0 : m.expectedBytes * m.versions.size();
  }

  @Override
  public Set<String> pinnedModels() {
    Set<String> out = new TreeSet<>();
    models.values().stream().filter(m -> m.pinned).forEach(m -> out.add(m.name));
    return out;
  }

  @Override
  public List<String> modelNames() {
    return List.copyOf(models.keySet());
  }

  @Override
  public ServedModel resolve(String name, String version) {
    find(name);
    if (version.isEmpty()) {
      return servedOf(name).stream()
          .max(Comparator.comparingLong(s -> s.id().version()))
          .orElseThrow(() -> new ModelNotReadyException(name, reason(name)));
    }
    long v = Long.parseLong(version);
    if (!model(name).versions.contains(v)) {
      throw new ModelNotFoundException(name, version);
    }
    ServedModel s = ready.get(new ModelId(name, v));
    if (s == null) {
      throw new ModelNotReadyException(name, reason(name));
    }
    return s;
  }

  private String reason(String name) {
    return reasons.getOrDefault(name, "not loaded");
  }

  @Override
  public List<ModelVersionStatus> index() {
    List<ModelVersionStatus> rows = new ArrayList<>();
    for (Model m : models.values()) {
      for (long v : m.versions) {
        boolean isReady = ready.containsKey(new ModelId(m.name, v));
        rows.add(
            new ModelVersionStatus(
                m.name,
                Long.toString(v),
                isReady ? ModelState.READY : ModelState.UNAVAILABLE,
                isReady ? "" : reason(m.name)));
      }
    }
    return rows;
  }

  @Override
  public ModelConfig config(String name) {
    find(name);
    return config(name, 0);
  }

  @Override
  public List<ServedModel> ready() {
    return ready.values().stream()
        .sorted(
            Comparator.comparing((ServedModel s) -> s.id().name())
                .thenComparingLong(s -> s.id().version()))
        .toList();
  }

  @Override
  public void close() {}

  private List<ServedModel> servedOf(String name) {
    return ready.values().stream().filter(s -> s.id().name().equals(name)).toList();
  }

  private Model find(String name) {
    Model m = models.get(name);
    if (m == null) {
      throw new ModelNotFoundException(name, "");
    }
    return m;
  }

  private static ModelConfig config(String name, int maxBatchSize) {
    return new ModelConfig(
        name,
        "",
        "",
        maxBatchSize,
        List.of(),
        List.of(),
        VersionPolicy.latestOne(),
        List.of(),
        null,
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        "model.onnx");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A loaded version that runs nothing. */
  private static final class Loaded implements LoadedModel {
    private final ModelId id;

    Loaded(ModelId id) {
      this.id = id;
    }

    @Override
    public ModelId id() {
      return id;
    }

    @Override
    public int instanceCount() {
      return 1;
    }

    @Override
    public ModelInstance instance(int index) {
      return (inputs, outputNames) -> List.of();
    }

    @Override
    public long memoryBytes() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
