package io.medulla.observability;

import io.medulla.cache.CacheListener;
import io.medulla.cache.DeviceMemory;
import io.medulla.cache.ResidentVersion;
import io.medulla.inference.ModelId;
import io.medulla.prewarm.PrewarmKind;
import io.medulla.prewarm.PrewarmListener;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelState;
import io.medulla.repository.ModelVersionStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Model cache and pre-warm metrics per model: loads by cause, evictions, cold-start requests and
 * their wait, load and warm-up times, footprints, memory used against the budget per device, the
 * state of every version, pre-warm loads by kind and the requests usage history expects next. Model
 * names come from the repository, never from callers, so label sets stay bounded.
 */
public final class ModelCacheMetrics
    implements CacheListener, PrewarmListener, ModelLifecycleListener {
  private static final long[] SECONDS_BUCKETS_MS = {
    10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000
  };

  private final Map<String, ModelSeries> models = new ConcurrentHashMap<>();
  private final Map<String, ModelState> states = new ConcurrentHashMap<>();

  /** One model's series; labels are built once. */
  private static final class ModelSeries {
    final String labels;
    final Map<LoadCause, LongAdder> loads = new ConcurrentHashMap<>();
    final LongAdder evictions = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder coldStarts = new LongAdder();
    final PrometheusHistogram coldStartWait = new PrometheusHistogram(SECONDS_BUCKETS_MS);
    final PrometheusHistogram loadTime = new PrometheusHistogram(SECONDS_BUCKETS_MS);
    final PrometheusHistogram warmupTime = new PrometheusHistogram(SECONDS_BUCKETS_MS);
    final Map<String, LongAdder> prewarms = new ConcurrentHashMap<>();
    final AtomicReference<Double> expected = new AtomicReference<>(Double.NaN);

    ModelSeries(String model) {
      this.labels = "model=\"" + TritonMetrics.escape(model) + "\"";
    }
  }

  /** Creates the metrics with nothing counted. */
  public ModelCacheMetrics() {}

  private ModelSeries model(String name) {
    return models.computeIfAbsent(name, ModelSeries::new);
  }

  @Override
  public void loaded(ModelId id, LoadReport report, LoadCause cause) {
    ModelSeries m = model(id.name());
    m.loads.computeIfAbsent(cause, k -> new LongAdder()).increment();
    m.loadTime.observe(report.loadNanos() / 1_000_000);
    m.warmupTime.observe(report.warmupNanos() / 1_000_000);
  }

  @Override
  public void evicted(ModelId id, String device, long bytes, String reason) {
    model(id.name()).evictions.increment();
  }

  @Override
  public void coldStart(String model, long waitedNanos) {
    ModelSeries m = model(model);
    m.coldStarts.increment();
    m.coldStartWait.observe(waitedNanos / 1_000_000);
  }

  @Override
  public void refused(String model, String reason) {
    model(model).refusals.increment();
  }

  @Override
  public void prewarmStarted(String model, PrewarmKind kind, String why) {
    model(model).prewarms.computeIfAbsent(label(kind), k -> new LongAdder()).increment();
  }

  @Override
  public void expected(String model, double expectedRequests) {
    model(model).expected.set(expectedRequests);
  }

  @Override
  public void stateChanged(ModelVersionStatus status) {
    if (!status.version().isEmpty()) {
      states.put(status.name() + "\u0000" + status.version(), status.state());
    }
  }

  /** Appends these metrics, with the cache's current memory and residents, in Prometheus text. */
  public void scrape(
      StringBuilder out, List<DeviceMemory> memory, List<ResidentVersion> residents) {
    List<ModelSeries> sorted =
        models.values().stream().sorted(Comparator.comparing(m -> m.labels)).toList();
    header(out, "medulla_model_loads_total", "Model version loads by cause", "counter");
    for (ModelSeries m : sorted) {
      m.loads.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  sample(
                      out,
                      "medulla_model_loads_total",
                      m.labels + ",cause=\"" + e.getKey().name().toLowerCase(Locale.ROOT) + "\"",
                      e.getValue().sum()));
    }
    header(
        out, "medulla_model_evictions_total", "Versions evicted by the memory budget", "counter");
    for (ModelSeries m : sorted) {
      sample(out, "medulla_model_evictions_total", m.labels, m.evictions.sum());
    }
    header(
        out,
        "medulla_model_load_refusals_total",
        "Loads refused by the memory budget (no room, nothing evictable, or kept out at start)",
        "counter");
    for (ModelSeries m : sorted) {
      sample(out, "medulla_model_load_refusals_total", m.labels, m.refusals.sum());
    }
    header(
        out,
        "medulla_model_cold_start_requests_total",
        "Requests that had to wait for their model to load",
        "counter");
    for (ModelSeries m : sorted) {
      sample(out, "medulla_model_cold_start_requests_total", m.labels, m.coldStarts.sum());
    }
    header(out, "medulla_model_cold_start_wait_ms", "Wait of cold-start requests", "histogram");
    for (ModelSeries m : sorted) {
      m.coldStartWait.render(out, "medulla_model_cold_start_wait_ms", m.labels);
    }
    header(out, "medulla_model_load_ms", "Backend load time per version load", "histogram");
    for (ModelSeries m : sorted) {
      m.loadTime.render(out, "medulla_model_load_ms", m.labels);
    }
    header(out, "medulla_model_warmup_ms", "Warm-up time per version load", "histogram");
    for (ModelSeries m : sorted) {
      m.warmupTime.render(out, "medulla_model_warmup_ms", m.labels);
    }
    header(out, "medulla_prewarm_loads_total", "Pre-warm loads started, by kind", "counter");
    for (ModelSeries m : sorted) {
      m.prewarms.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  sample(
                      out,
                      "medulla_prewarm_loads_total",
                      m.labels + ",kind=\"" + e.getKey() + "\"",
                      e.getValue().sum()));
    }
    header(
        out,
        "medulla_prewarm_expected_requests",
        "Requests usage history expects in the next window",
        "gauge");
    for (ModelSeries m : sorted) {
      double e = m.expected.get();
      if (!Double.isNaN(e)) {
        out.append("medulla_prewarm_expected_requests{")
            .append(m.labels)
            .append("} ")
            .append(e)
            .append('\n');
      }
    }
    header(out, "medulla_model_memory_bytes", "Footprint of each resident version", "gauge");
    for (ResidentVersion r : residents) {
      sample(
          out,
          "medulla_model_memory_bytes",
          "model=\""
              + TritonMetrics.escape(r.id().name())
              + "\",version=\""
              + r.id().version()
              + "\",device=\""
              + r.device()
              + "\",pinned=\""
              + r.pinned()
              + "\"",
          r.bytes());
    }
    header(out, "medulla_memory_used_bytes", "Memory held by resident versions", "gauge");
    for (DeviceMemory d : memory) {
      sample(out, "medulla_memory_used_bytes", device(d), d.usedBytes());
    }
    header(out, "medulla_memory_reserved_bytes", "Memory reserved for loads under way", "gauge");
    for (DeviceMemory d : memory) {
      sample(out, "medulla_memory_reserved_bytes", device(d), d.reservedBytes());
    }
    header(out, "medulla_memory_budget_bytes", "The memory budget (absent: unlimited)", "gauge");
    for (DeviceMemory d : memory) {
      if (d.budgetBytes() != Long.MAX_VALUE) {
        sample(out, "medulla_memory_budget_bytes", device(d), d.budgetBytes());
      }
    }
    header(out, "medulla_model_state", "1 for each version's current state", "gauge");
    states.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String[] parts = e.getKey().split("\u0000", 2);
              sample(
                  out,
                  "medulla_model_state",
                  "model=\""
                      + TritonMetrics.escape(parts[0])
                      + "\",version=\""
                      + parts[1]
                      + "\",state=\""
                      + e.getValue().name()
                      + "\"",
                  1);
            });
  }

  private static String device(DeviceMemory d) {
    return "device=\"" + d.device() + "\"";
  }

  private static String label(PrewarmKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, long value) {
    out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
  }
}
