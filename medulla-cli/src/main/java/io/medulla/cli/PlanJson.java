package io.medulla.cli;

import io.medulla.planning.DeviceNeed;
import io.medulla.planning.DeviceType;
import io.medulla.planning.GraphLatency;
import io.medulla.planning.ModelNeed;
import io.medulla.planning.PlacedDevice;
import io.medulla.planning.PlacedInstance;
import io.medulla.planning.Unplaceable;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.HourlyResult;
import io.medulla.simulation.ModelStats;
import io.medulla.simulation.RequestStats;
import io.medulla.simulation.SimulationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link PlanResult} into the plain maps and lists of {@code plan.json} (snake_case keys,
 * times in milliseconds, memory in bytes). Stateless.
 */
final class PlanJson {
  private PlanJson() {}

  static Map<String, Object> of(PlanResult r, String workload, String repository) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", 1);
    out.put("workload", workload);
    out.put("model_repository", repository);
    out.put("load_multiplier", r.loadMultiplier());
    out.put("devices_minus_one", r.devicesMinusOne());
    out.put("fits", r.fits());
    out.put("peak_hour", r.demand().peakHour());
    out.put("hourly_requests_per_second", r.demand().hourlyRequestsPerSecond());
    out.put("device_types", r.deviceTypes().stream().map(PlanJson::type).toList());
    out.put("device_count", r.packing().devices().size());
    out.put("cost", r.packing().totalCost());
    Map<String, Object> packing = new LinkedHashMap<>();
    packing.put("heuristic_cost", r.heuristicCost());
    packing.put("exact_cost", Double.isNaN(r.exactCost()) ? null : r.exactCost());
    packing.put("exact_proven_optimal", r.exactProvenOptimal());
    packing.put("gap", Double.isNaN(r.exactCost()) ? null : r.heuristicCost() - r.exactCost());
    out.put("packing", packing);
    List<Object> devices = new ArrayList<>();
    for (PlacedDevice d : r.packing().devices()) {
      devices.add(device(d));
    }
    out.put("devices", devices);
    out.put("instances", r.instances());
    out.put("unplaced", r.packing().unplaceable().stream().map(PlanJson::unplaced).toList());
    out.put("models", r.demand().models().stream().map(PlanJson::model).toList());
    out.put("graphs", r.demand().graphs().stream().map(PlanJson::graph).toList());
    out.put("peak", r.peak() == null ? null : simulation(r.peak()));
    out.put("day", r.day() == null ? null : simulation(r.day()));
    out.put("headroom", headroom(r));
    out.put("fills_first", fillsFirst(r));
    out.put("autoscale", autoscale(r.autoscale()));
    Map<String, Object> slos = new LinkedHashMap<>();
    r.queueDelaySlos()
        .forEach((c, d) -> slos.put(c.name().toLowerCase(Locale.ROOT), d.toNanos() / 1e6));
    out.put("slo_queue_delay_ms", slos);
    out.put("notes", r.notes());
    return out;
  }

  private static Map<String, Object> type(DeviceType t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("memory_bytes", t.memoryBytes());
    m.put("speed", t.speed());
    m.put("cost", t.cost());
    return m;
  }

  private static Map<String, Object> device(PlacedDevice d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", d.type().name());
    m.put("memory_bytes_used", d.memoryBytes());
    m.put("memory_fraction", d.memoryFraction());
    m.put("utilisation", d.utilisation());
    List<Object> instances = new ArrayList<>();
    for (PlacedInstance i : d.instances()) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("model", i.model());
      im.put("requests_per_second", i.requestsPerSecond());
      im.put("batch_size", i.batchSize());
      im.put("compute_share", i.computeShare());
      im.put("memory_bytes", i.memoryBytes());
      im.put("worst_latency_ms", ms(i.worstLatency()));
      instances.add(im);
    }
    m.put("instances", instances);
    return m;
  }

  private static Map<String, Object> unplaced(Unplaceable u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", u.model());
    m.put("reason", u.reason().name());
    m.put("detail", u.detail());
    return m;
  }

  private static Map<String, Object> model(ModelNeed n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", n.model());
    m.put("peak_requests_per_second", n.peakRequestsPerSecond());
    m.put("hourly_requests_per_second", n.hourlyRequestsPerSecond());
    m.put("latency_budget_ms", ms(n.latencyBudget()));
    m.put("memory_bytes_per_instance", n.memoryBytesPerInstance());
    m.put("p50_batch1_ms", ms(n.p50().executionTime(1)));
    m.put("p99_batch1_ms", ms(n.p99().executionTime(1)));
    List<Object> needs = new ArrayList<>();
    for (DeviceNeed d : n.devices()) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("device_type", d.deviceType());
      dm.put("batch_size", d.batch().map(b -> (Object) b.batchSize()).orElse(null));
      dm.put("compute_share", d.batch().isPresent() ? (Object) d.computeShare() : null);
      dm.put("memory_bytes_per_instance", d.memoryBytesPerInstance());
      needs.add(dm);
    }
    m.put("per_device_type", needs);
    return m;
  }

  private static Map<String, Object> graph(GraphLatency g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("graph", g.graph());
    m.put("critical_path", g.criticalPath());
    m.put("p50_ms", ms(g.p50()));
    m.put("p99_ms", ms(g.p99()));
    m.put("conditional_steps_counted_as_running", g.conditionalSteps());
    return m;
  }

  static Map<String, Object> simulation(SimulationResult s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("window", s.window().toString());
    m.put("seed", s.seed());
    m.put("meets_slos", s.meetsSlos());
    Map<String, Object> classes = new LinkedHashMap<>();
    s.byClass()
        .forEach(
            (name, stats) -> classes.put(name, stats(stats, s.slos().get(name), s.meetsSlo(name))));
    m.put("classes", classes);
    Map<String, Object> tenants = new LinkedHashMap<>();
    s.byTenant().forEach((name, stats) -> tenants.put(name, stats(stats, null, true)));
    m.put("tenants", tenants);
    Map<String, Object> models = new LinkedHashMap<>();
    s.byModel().forEach((name, stats) -> models.put(name, modelStats(stats)));
    m.put("models", models);
    List<Object> hours = new ArrayList<>();
    for (HourlyResult h : s.hours()) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("hour", h.hourOfDay());
      hm.put("arrival_rate", h.overall().arrivalRate());
      hm.put("slo_attainment", h.overall().sloAttainment());
      hm.put("p99_ms", ms(h.overall().p99()));
      hours.add(hm);
    }
    m.put("hours", hours);
    return m;
  }

  private static Map<String, Object> stats(RequestStats s, @Nullable ClassSlo slo, boolean met) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("arrived", s.arrived());
    m.put("completed", s.completed());
    m.put("arrival_rate", s.arrivalRate());
    m.put("p50_ms", ms(s.p50()));
    m.put("p95_ms", ms(s.p95()));
    m.put("p99_ms", ms(s.p99()));
    m.put("slo_attainment", s.sloAttainment());
    if (slo != null) {
      m.put("slo_latency_ms", ms(slo.latency()));
      m.put("slo_percentile", slo.percentile());
      m.put("meets_slo", met);
    }
    return m;
  }

  private static Map<String, Object> modelStats(ModelStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instances", s.instances());
    m.put("utilisation", s.utilisation());
    m.put("mean_batch_size", s.meanBatchSize());
    m.put("mean_queue_wait_ms", ms(s.meanQueueWait()));
    m.put("max_queued", s.maxQueued());
    return m;
  }

  private static @Nullable Map<String, Object> autoscale(AutoscaleReplay.@Nullable Result a) {
    if (a == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("static_replicas", a.staticReplicas());
    m.put("models_per_replica", a.modelsPerReplica());
    m.put("static_instance_seconds", a.staticInstanceSeconds());
    m.put("autoscaled_instance_seconds", a.autoscaledInstanceSeconds());
    m.put(
        "saving",
        a.staticInstanceSeconds() == 0
            ? 0
            : 1 - a.autoscaledInstanceSeconds() / a.staticInstanceSeconds());
    m.put("max_replicas_by_hour", a.maxReplicasByHour());
    m.put("slo_attainment", a.sloAttainment());
    m.put("evaluations", a.evaluations());
    m.put("peak_replicas", a.peakReplicas());
    m.put("provisioning_delay_s", a.provisioningDelay().toSeconds());
    return m;
  }

  private static @Nullable Map<String, Object> headroom(PlanResult r) {
    PlanResult.Headroom h = r.headroom();
    if (h == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("load_multiplier", h.multiplier());
    m.put("capped", h.capped());
    m.put("breaking_class", h.breakingClass());
    m.put("busiest_model", h.busiestModel());
    m.put("busiest_model_utilisation", h.busiestUtilisation());
    return m;
  }

  /** The device whose memory is fullest and the one whose compute is busiest. */
  static Map<String, Object> fillsFirst(PlanResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<PlacedDevice> devices = r.packing().devices();
    int memory = fullest(devices, true);
    int compute = fullest(devices, false);
    m.put("memory_device", memory < 0 ? null : memory);
    m.put("memory_fraction", memory < 0 ? null : devices.get(memory).memoryFraction());
    m.put("compute_device", compute < 0 ? null : compute);
    m.put("compute_utilisation", compute < 0 ? null : devices.get(compute).utilisation());
    return m;
  }

  /** The index of the device with the largest memory fraction (or utilisation), -1 if none. */
  static int fullest(List<PlacedDevice> devices, boolean memory) {
    int best = -1;
    double most = -1;
    for (int i = 0; i < devices.size(); i++) {
      PlacedDevice d = devices.get(i);
      double v = memory ? d.memoryFraction() : d.utilisation();
      if (v > most) {
        best = i;
        most = v;
      }
    }
    return best;
  }

  static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }
}
