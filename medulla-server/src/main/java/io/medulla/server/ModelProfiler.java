package io.medulla.server;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;
import io.medulla.inference.Tensor;
import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelConfig;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelOutput;
import io.medulla.repository.ModelRepository;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.Backend;
import io.medulla.runtime.ExecutionProvider;
import io.medulla.runtime.LoadedModel;
import io.medulla.runtime.ModelInstance;
import io.medulla.runtime.ModelProfile;
import io.medulla.runtime.ModelProfile.Point;
import io.medulla.runtime.ModelProfile.Settings;
import io.medulla.time.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what a model costs: loads it through a real repository (EXPLICIT mode, the server's
 * backends and thread settings) and keeps the {@link LoadReport} (load time, warm-up time,
 * footprint); then, for each batch size and instance count, runs that many instances side by side,
 * one thread each, back to back in a closed loop, and times every execution.
 *
 * <p>Before the first point, the smallest batch runs on every instance for up to a few thousand
 * executions or seconds, so that the JIT has compiled the Java side of an execution. Each point
 * then runs {@link ProfileOptions#warmupIterations()} unmeasured executions per instance (0 turns
 * every warm-up off), then {@link ProfileOptions#iterations()} timed executions per thread, started
 * together. Inputs are {@link ProfileInputs}' deterministic pseudo-random tensors. When the
 * configuration has fewer instances than the largest count asked for, the repository is closed and
 * the model loaded again, straight through the backend, with as many instances as needed.
 *
 * <p>Thread safety: one profile at a time per profiler; it starts and stops its own threads.
 */
public final class ModelProfiler {
  /** The most executions of the warm-up before the first point. */
  static final int JIT_WARMUP_EXECUTIONS = 5_000;

  /** The longest the warm-up before the first point runs, in nanoseconds. */
  static final long JIT_WARMUP_NANOS = 3_000_000_000L;

  private final ProfileOptions options;
  private final Ticker ticker;

  /** Creates a profiler that times with the system's monotonic clock. */
  public ModelProfiler(ProfileOptions options) {
    this(options, Ticker.system());
  }

  ModelProfiler(ProfileOptions options, Ticker ticker) {
    this.options = requireNonNull(options, "options");
    this.ticker = requireNonNull(ticker, "ticker");
  }

  /**
   * What the repository load produced: the version to measure, what loading its configured
   * instances cost, and the batch sizes to measure.
   */
  private record Loaded(
      ServedModel served, LoadReport report, int loadedInstances, List<Integer> batchSizes) {}

  /** One thread's timed executions, and when its last one ended. */
  private record Run(long[] nanos, long endNanos) {}

  /**
   * Profiles the model, reporting progress as it goes.
   *
   * @throws IllegalArgumentException when the repository has no such model or does not serve the
   *     version asked for, or a batch size exceeds what the model accepts
   * @throws io.medulla.inference.InferenceException when the model fails to load, with the reasons
   * @throws io.medulla.runtime.ModelLoadException when the extra instances fail to load
   * @throws IllegalStateException when an execution fails, or the thread is interrupted
   */
  public ModelProfile profile(ProfileProgress progress) {
    requireNonNull(progress, "progress");
    progress.update(0, 1, "loading model '" + options.model() + "'");
    List<Backend> backends = Backends.create(serverConfig());
    Map<ModelId, LoadReport> reports = new ConcurrentHashMap<>();
    Loaded loaded;
    List<Point> points = null;
    try (ModelRepository repository = repository(backends, reports)) {
      loaded = load(repository, reports);
      if (loaded.loadedInstances() >= largestInstanceCount()) {
        points = measureAll(loaded.served().model(), loaded, progress);
      }
    }
    if (points == null) {
      // Closed first, so that the served instances and the larger set never share memory.
      try (LoadedModel model = loadMore(backends, loaded.served())) {
        points = measureAll(model, loaded, progress);
      }
    }
    return profile(loaded, points);
  }

  private ServerConfig serverConfig() {
    return ServerConfig.builder(options.modelRepository())
        .onnxThreads(options.intraOpThreads(), options.interOpThreads())
        .executionProviders(options.executionProviders())
        .build();
  }

  private ModelRepository repository(List<Backend> backends, Map<ModelId, LoadReport> reports) {
    return ModelRepository.builder(options.modelRepository())
        .backends(backends)
        .controlMode(ModelControlMode.EXPLICIT)
        .ticker(ticker)
        .listener(
            new ModelLifecycleListener() {
              @Override
              public void versionLoaded(ServedModel model, LoadReport report) {
                reports.put(model.id(), report);
              }
            })
        .build();
  }

  private Loaded load(ModelRepository repository, Map<ModelId, LoadReport> reports) {
    repository.start(Set.of());
    String name = options.model();
    List<String> names = repository.modelNames();
    if (!names.contains(name)) {
      throw new IllegalArgumentException(
          "--model: no model '"
              + name
              + "' in "
              + options.modelRepository()
              + " (models: "
              + (names.isEmpty() ? "none" : String.join(", ", names))
              + ")");
    }
    repository.load(name);
    List<ServedModel> versions =
        repository.ready().stream().filter(s -> s.id().name().equals(name)).toList();
    ServedModel served = pick(versions);
    LoadReport report = reports.get(served.id());
    if (report == null) {
      throw new IllegalStateException("model '" + name + "': the repository reported no load");
    }
    return new Loaded(
        served,
        report,
        served.model().instanceCount(),
        options.batchSizesFor(served.config().maxBatchSize()));
  }

  private ServedModel pick(List<ServedModel> versions) {
    if (versions.isEmpty()) {
      throw new IllegalStateException("model '" + options.model() + "': no version is ready");
    }
    if (options.version() == 0) {
      return versions.get(versions.size() - 1);
    }
    for (ServedModel s : versions) {
      if (s.id().version() == options.version()) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "--version: model '"
            + options.model()
            + "' does not serve version "
            + options.version()
            + " (served: "
            + versions.stream().map(s -> Long.toString(s.id().version())).toList()
            + "; its version_policy selects which versions load)");
  }

  private LoadedModel loadMore(List<Backend> backends, ServedModel served) {
    ModelConfig config = served.config();
    Backend backend =
        backends.stream()
            .filter(b -> b.accepts(config.platform(), config.backend()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "model '" + served.id().name() + "': no backend accepts it"));
    String filename =
        config.defaultModelFilename().isEmpty()
            ? backend.defaultModelFilename()
            : config.defaultModelFilename();
    Path file =
        options
            .modelRepository()
            .resolve(served.id().name())
            .resolve(Long.toString(served.id().version()))
            .resolve(filename);
    return backend.load(ProfileModelSpec.of(served, file, largestInstanceCount()));
  }

  private int largestInstanceCount() {
    return Collections.max(options.instanceCounts());
  }

  private List<Point> measureAll(LoadedModel model, Loaded loaded, ProfileProgress progress) {
    List<Integer> counts = options.instanceCounts().stream().sorted().toList();
    int total = totalSteps(loaded);
    progress.update(1, total, "warming up");
    warmUp(model, loaded.served(), loaded.batchSizes().get(0));
    List<Point> points = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            largestInstanceCount(), Thread.ofPlatform().name("medulla-profile-", 0).factory());
    try {
      for (int batch : loaded.batchSizes()) {
        for (int instances : counts) {
          progress.update(2 + points.size(), total, label(batch, instances));
          points.add(measure(model, loaded.served(), batch, instances, pool));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // Before the repository closes: a progress bar can end its line before the unload is logged.
    progress.update(total, total, "done");
    return points;
  }

  /** Returns the steps of a profile: the load, the warm-up, then one per point. */
  private int totalSteps(Loaded loaded) {
    return 2 + loaded.batchSizes().size() * options.instanceCounts().size();
  }

  /**
   * Runs the smallest batch on every instance until {@link #JIT_WARMUP_EXECUTIONS} executions or
   * {@link #JIT_WARMUP_NANOS} have passed. For a small model the Java side of an execution (tensor
   * copies, the runtime's bindings) is much of its time, and it runs several times slower until the
   * JIT has compiled it, thousands of calls in: without this, the first point measures the JIT
   * rather than the model. A few per-point warm-up executions cannot do that.
   */
  private void warmUp(LoadedModel model, ServedModel served, int batch) {
    if (options.warmupIterations() == 0) {
      return;
    }
    List<String> outputs = outputs(served);
    int instances = largestInstanceCount();
    List<Tensor> inputs = ProfileInputs.of(served.config(), batch);
    long start = ticker.nanos();
    for (int k = 0; k < JIT_WARMUP_EXECUTIONS; k += instances) {
      for (int i = 0; i < instances; i++) {
        execute(served, model.instance(i), i, batch, inputs, outputs);
      }
      if (ticker.nanos() - start >= JIT_WARMUP_NANOS) {
        return;
      }
    }
  }

  private static List<String> outputs(ServedModel served) {
    return served.config().outputs().stream().map(ModelOutput::name).toList();
  }

  private static String label(int batch, int instances) {
    return "batch " + batch + ", " + instances + (instances == 1 ? " instance" : " instances");
  }

  private Point measure(
      LoadedModel model, ServedModel served, int batch, int instances, ExecutorService pool) {
    List<String> outputs = outputs(served);
    List<List<Tensor>> inputs = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      // One set per thread: no two threads ever read the same buffers.
      inputs.add(ProfileInputs.of(served.config(), batch));
    }
    for (int i = 0; i < instances; i++) {
      for (int k = 0; k < options.warmupIterations(); k++) {
        execute(served, model.instance(i), i, batch, inputs.get(i), outputs);
      }
    }
    CountDownLatch ready = new CountDownLatch(instances);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Run>> runs = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      int index = i;
      ModelInstance instance = model.instance(i);
      runs.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return timed(served, instance, index, batch, inputs.get(index), outputs);
              }));
    }
    long start;
    try {
      ready.await();
      start = ticker.nanos();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("profiling was interrupted", e);
    } finally {
      go.countDown();
    }
    return collect(batch, instances, runs, start);
  }

  private Run timed(
      ServedModel served,
      ModelInstance instance,
      int index,
      int batch,
      List<Tensor> inputs,
      List<String> outputs) {
    long[] nanos = new long[options.iterations()];
    long t0 = ticker.nanos();
    for (int k = 0; k < nanos.length; k++) {
      execute(served, instance, index, batch, inputs, outputs);
      long t1 = ticker.nanos();
      nanos[k] = t1 - t0;
      t0 = t1;
    }
    return new Run(nanos, t0);
  }

  private Point collect(int batch, int instances, List<Future<Run>> runs, long start) {
    long[] all = new long[instances * options.iterations()];
    long end = start;
    RuntimeException failure = null;
    for (int i = 0; i < runs.size(); i++) {
      try {
        Run run = runs.get(i).get();
        System.arraycopy(run.nanos(), 0, all, i * options.iterations(), run.nanos().length);
        end = Math.max(end, run.endNanos());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException("profiling failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("profiling was interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return ProfileSamples.point(batch, instances, all, end - start);
  }

  private static void execute(
      ServedModel served,
      ModelInstance instance,
      int index,
      int batch,
      List<Tensor> inputs,
      List<String> outputs) {
    try {
      instance.execute(inputs, outputs);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "model '"
              + served.id().name()
              + "' version "
              + served.id().version()
              + ": a batch of "
              + batch
              + " failed on instance "
              + index
              + ": "
              + describe(e),
          e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private ModelProfile profile(Loaded loaded, List<Point> points) {
    ServedModel served = loaded.served();
    ModelConfig config = served.config();
    List<String> providers =
        ProfileModelSpec.executionProviders(served).stream().map(ExecutionProvider::name).toList();
    Settings settings =
        new Settings(
            ProfileModelSpec.intraOpThreads(served, options.intraOpThreads()),
            ProfileModelSpec.interOpThreads(served, options.interOpThreads()),
            providers.isEmpty() ? options.executionProviders() : providers,
            ProfileMachine.cores(),
            options.machine());
    LoadReport report = loaded.report();
    return new ModelProfile(
        served.id().name(),
        served.id().version(),
        platform(config),
        served.sha256(),
        config.maxBatchSize(),
        settings,
        report.loadNanos(),
        report.warmupNanos(),
        report.memoryBytes(),
        report.device(),
        loaded.loadedInstances(),
        points);
  }

  private static String platform(ModelConfig config) {
    return config.platform().isEmpty() ? config.backend() : config.platform();
  }
}
