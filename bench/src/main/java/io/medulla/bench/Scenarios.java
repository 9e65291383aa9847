package io.medulla.bench;

import static io.medulla.bench.SchedulingBench.fmt;
import static io.medulla.bench.SchedulingBench.goal;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.TenantId;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.scheduling.DynamicBatcher;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.tenancy.TenantPolicies;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The G2–G5 scenarios; each returns the JSON body (results, ratios, goals) and prints a table. */
final class Scenarios {
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final TenantId ROUTINE_TENANT = new TenantId("hospital-a");
  private static final TenantId STAT_TENANT = new TenantId("hospital-b");
  private static final int STAT = 1;
  private static final int ROUTINE = 3;

  /**
   * Rows per routine request in G3 (a full batch) and G4: keeps the one generator thread light at
   * 3× load, so that the generator's own lag (charged to every request, from its scheduled send)
   * does not dominate what is measured.
   */
  static final int ROUTINE_ROWS = 8;

  static final int G3_ROUTINE_ROWS = SchedulerRig.MAX_BATCH;

  /** STAT arrivals per second in G3: light, but enough samples for a p99. */
  static final double STAT_RATE = 200;

  private final SchedulerRig rig;
  private final SchedulingOptions options;
  private final PrintStream out;
  private final Measurement measurement;

  Scenarios(SchedulerRig rig, SchedulingOptions options, PrintStream out) {
    this.rig = rig;
    this.options = options;
    this.out = out;
    Duration window = options.measure().dividedBy(3);
    this.measurement = new Measurement(rig.ticker(), options.warmup(), window, 3);
  }

  // ---- G2 ----------------------------------------------------------------------------------

  Map<String, Object> g2() {
    int concurrency = 32;
    RunResult off = closed("batching-off", SchedulerRig.clinical(false), concurrency, 1);
    RunResult on = closed("batching-on", SchedulerRig.clinical(true), concurrency, 1);
    double ratio = off.throughput() > 0 ? on.throughput() / off.throughput() : 0;
    header("G2 batching on vs off, concurrency " + concurrency + ", 1 sample per request");
    row(off);
    row(on);
    List<List<String>> goals =
        List.of(
            goal("throughput on/off (where the model batches well)", ratio, ">=", 3.0),
            goal("throughput on/off (never below)", ratio, ">=", 1.0));
    printGoals(goals);
    return Map.of(
        "results",
        List.of(off, on),
        "ratios",
        Map.of("throughputOnOverOff", ratio),
        "goals",
        goals);
  }

  // ---- G3 ----------------------------------------------------------------------------------

  Map<String, Object> g3() {
    RunResult capacity = closed("capacity", SchedulerRig.clinical(true), 32, G3_ROUTINE_ROWS);
    double routineRate = 3 * capacity.throughput();
    double statRate = STAT_RATE;
    Map<String, Object> runs = new LinkedHashMap<>();
    Map<String, Object> ratios = new LinkedHashMap<>();
    List<List<String>> goals = new ArrayList<>();
    header(
        String.format(
            "G3 STAT under 3x routine overload: capacity %.0f req/s of %d rows; routine offered %.0f/s,"
                + " STAT %.0f/s",
            capacity.throughput(), G3_ROUTINE_ROWS, routineRate, statRate));
    streamHeader("policy");
    for (String name : List.of("clinical", "fifo")) {
      BatchPolicy policy =
          name.equals("clinical") ? SchedulerRig.clinical(true) : SchedulerRig.fifo();
      OpenLoop.StreamResult solo =
          open(policy, List.of(stream("stat", STAT_TENANT, STAT, statRate, Duration.ZERO, 1)))
              .get("stat");
      Duration deadline =
          Duration.ofNanos((long) (options.sloScale() * solo.latency().p99Micros() * 1e3));
      StreamResults loaded =
          open(
              policy,
              List.of(
                  stream(
                      "routine",
                      ROUTINE_TENANT,
                      ROUTINE,
                      routineRate,
                      deadline.multipliedBy(4),
                      G3_ROUTINE_ROWS),
                  stream("stat", STAT_TENANT, STAT, statRate, deadline, 1)));
      OpenLoop.StreamResult stat = loaded.get("stat");
      printStream(name, "stat solo", solo);
      printStream(name, "stat load", stat);
      printStream(name, "routine", loaded.get("routine"));
      // Misses count as infinitely late (effective p99): an expired STAT answer is no answer.
      double p99Ratio = stat.effectiveP99Micros() / Math.max(1e-9, solo.effectiveP99Micros());
      runs.put(
          name,
          Map.of(
              "statSolo", solo, "loaded", loaded, "statDeadlineMicros", deadline.toNanos() / 1e3));
      ratios.put(name + "StatP99OverUnloaded", p99Ratio);
      ratios.put(name + "StatAttainment", stat.attainment());
      if (name.equals("clinical")) {
        goals.add(goal("clinical STAT p99 / unloaded p99", p99Ratio, "<=", 1.5));
        goals.add(goal("clinical STAT deadline attainment", stat.attainment(), ">=", 0.999));
      } else {
        goals.add(goal("FIFO STAT p99 / unloaded p99 (degrades)", p99Ratio, ">=", 10));
      }
    }
    printGoals(goals);
    return Map.of(
        "capacity", capacity,
        "rates",
            Map.of(
                "routinePerSecond",
                routineRate,
                "statPerSecond",
                statRate,
                "routineRows",
                G3_ROUTINE_ROWS),
        "results", runs,
        "ratios", ratios,
        "goals", goals);
  }

  // ---- G4 ----------------------------------------------------------------------------------

  Map<String, Object> g4() {
    RunResult capacity = closed("capacity", SchedulerRig.clinical(true), 32, ROUTINE_ROWS);
    double cap = capacity.throughput();
    OpenLoop.StreamResult light =
        open(
                SchedulerRig.clinical(true),
                List.of(
                    stream(
                        "routine",
                        ROUTINE_TENANT,
                        ROUTINE,
                        Math.max(10, cap * 0.05),
                        Duration.ZERO,
                        ROUTINE_ROWS)))
            .get("routine");
    Duration deadline =
        Duration.ofNanos((long) (options.sloScale() * light.latency().p99Micros() * 1e3));
    header(
        String.format(
            "G4 goodput vs offered load: capacity %.0f req/s of %d rows, deadline %.0f µs (%.1fx unloaded p99)",
            cap, ROUTINE_ROWS, deadline.toNanos() / 1e3, options.sloScale()));
    streamHeader("policy");
    Map<String, Object> runs = new LinkedHashMap<>();
    double peak = 0;
    double at2x = 0;
    double fifoAt2x = 0;
    for (double load : List.of(0.5, 0.8, 1.0, 1.2, 2.0)) {
      OpenLoop.StreamResult r = loaded(SchedulerRig.clinical(true), cap * load, deadline);
      printStream("clinical", load + "x", r);
      out.printf("%42s goodput %.0f/s%n", "", r.goodputPerSecond());
      runs.put("clinical-" + load + "x", r);
      peak = Math.max(peak, r.goodputPerSecond());
      if (load == 2.0) {
        at2x = r.goodputPerSecond();
      }
    }
    OpenLoop.StreamResult fifo = loaded(SchedulerRig.fifo(), cap * 2, deadline);
    printStream("fifo", "2.0x", fifo);
    out.printf("%42s goodput %.0f/s%n", "", fifo.goodputPerSecond());
    runs.put("fifo-2.0x", fifo);
    fifoAt2x = fifo.goodputPerSecond();
    double ratio = peak > 0 ? at2x / peak : 0;
    List<List<String>> goals =
        List.of(goal("clinical goodput at 2x / peak goodput", ratio, ">=", 0.95));
    printGoals(goals);
    out.printf("fifo goodput at 2x / clinical peak: %s%n", fmt(peak > 0 ? fifoAt2x / peak : 0));
    return Map.of(
        "capacity", capacity,
        "deadlineMicros", deadline.toNanos() / 1e3,
        "results", runs,
        "ratios",
            Map.of(
                "goodputAt2xOverPeak",
                ratio,
                "fifoGoodputAt2xOverPeak",
                peak > 0 ? fifoAt2x / peak : 0,
                "peakGoodputPerSecond",
                peak),
        "goals", goals);
  }

  private OpenLoop.StreamResult loaded(BatchPolicy policy, double rate, Duration deadline) {
    return open(
            policy,
            List.of(stream("routine", ROUTINE_TENANT, ROUTINE, rate, deadline, ROUTINE_ROWS)))
        .get("routine");
  }

  // ---- G5 ----------------------------------------------------------------------------------

  Map<String, Object> g5() {
    Map<String, Object> body = new LinkedHashMap<>();
    List<List<String>> goals = new ArrayList<>();
    header("G5 tenant fairness (clinical policy, tenant-isolated batches, 1 model instance)");
    // (a) equal weights, 10x different request cost.
    Fairness cost = backlogged(SchedulingBench.weights(Map.of()), "small", 1, "large", 10);
    // FairShare's stated bound with one instance: 2 x the largest batch cost C. With
    // tenant-isolated batches a batch is the unit of service; the strict reading of G5 (2 x the
    // largest single request's cost, its share of its batch) is reported alongside.
    double bound = 2 * cost.largestBatchNanos;
    double requestBound = 2 * cost.largestRequestNanos;
    out.printf(
        "equal weight, 1 vs 10 rows: service small %.1f ms, large %.1f ms; max |difference| %.2f ms;"
            + " 2x largest batch %.2f ms; 2x largest request %.2f ms%n",
        cost.serviceA / 1e6,
        cost.serviceB / 1e6,
        cost.maxDifferenceNanos / 1e6,
        bound / 1e6,
        requestBound / 1e6);
    goals.add(
        goal(
            "max service difference / (2x largest batch cost)",
            cost.maxDifferenceNanos / Math.max(1, bound),
            "<=",
            1.0));
    goals.add(
        goal(
            "max service difference / (2x largest request cost)",
            cost.maxDifferenceNanos / Math.max(1, requestBound),
            "<=",
            1.0));
    body.put("costTenfold", cost.json(bound));
    // (b) weights 2:1, same cost.
    Fairness weighted =
        backlogged(SchedulingBench.weights(Map.of("heavy", 2, "light", 1)), "heavy", 1, "light", 1);
    double share = weighted.serviceA / Math.max(1.0, weighted.serviceA + weighted.serviceB);
    double shareError = Math.abs(share / (2.0 / 3.0) - 1);
    out.printf(
        "weights 2:1: heavy's share %.3f (expected 0.667), relative error %.1f%%%n",
        share, shareError * 100);
    goals.add(goal("2:1 weighted share relative error", shareError, "<=", 0.05));
    body.put(
        "weighted",
        Map.of(
            "share",
            share,
            "expected",
            2.0 / 3.0,
            "relativeError",
            shareError,
            "detail",
            weighted.json(0)));
    // (c) a flooding tenant vs a quiet one.
    BatchPolicy policy = SchedulerRig.clinical(true);
    OpenLoop.Stream quiet = stream("quiet", new TenantId("quiet"), ROUTINE, 100, Duration.ZERO, 1);
    OpenLoop.StreamResult solo = open(policy, List.of(quiet)).get("quiet");
    DynamicBatcher batcher = rig.batcher(policy, TenantPolicies.uniform(), SchedulerListener.NOOP);
    AsyncClosedLoop flood =
        new AsyncClosedLoop(
            () -> batcher.schedule(rig.request(new TenantId("flood"), ROUTINE, Duration.ZERO, 1)),
            64,
            rig.ticker());
    LatencyRecorder floodLatency = new LatencyRecorder();
    flood.start(floodLatency);
    OpenLoop.StreamResult withFlood;
    try {
      withFlood = openOn(batcher, List.of(quiet)).get("quiet");
    } finally {
      flood.stop(STOP);
    }
    double floodRate =
        floodLatency.cut().length
            / ((options.warmup().toNanos() + options.measure().toNanos()) / 1e9);
    double quietRatio = withFlood.effectiveP99Micros() / Math.max(1e-9, solo.effectiveP99Micros());
    streamHeader("tenant");
    printStream("quiet", "solo", solo);
    printStream("quiet", "flooded", withFlood);
    out.printf("flooding tenant (64 in flight) completed %.0f req/s%n", floodRate);
    goals.add(goal("quiet tenant p99 flooded / solo", quietRatio, "<=", 1.3));
    body.put(
        "flood",
        Map.of(
            "quietSolo",
            solo,
            "quietFlooded",
            withFlood,
            "floodPerSecond",
            floodRate,
            "p99Ratio",
            quietRatio));
    printGoals(goals);
    body.put("goals", goals);
    return body;
  }

  /** Service received by two backlogged tenants, charged in measured execution time. */
  private static final class Fairness {
    double serviceA;
    double serviceB;
    double maxDifferenceNanos;
    double largestRequestNanos;
    double largestBatchNanos;
    double weightA = 1;
    double weightB = 1;
    long requestsA;
    long requestsB;

    Map<String, Object> json(double bound) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("serviceMillisA", serviceA / 1e6);
      m.put("serviceMillisB", serviceB / 1e6);
      m.put("requestsA", requestsA);
      m.put("requestsB", requestsB);
      m.put("maxDifferenceMillis", maxDifferenceNanos / 1e6);
      m.put("largestRequestCostMillis", largestRequestNanos / 1e6);
      m.put("largestBatchCostMillis", largestBatchNanos / 1e6);
      m.put("boundMillis", bound / 1e6);
      return m;
    }
  }

  /**
   * Keeps 64 requests of each tenant in flight (both backlogged), charges each request its share of
   * its batch's measured execution time (rows / batch rows), and samples the weighted service
   * difference (since both became backlogged) every millisecond over the measured interval.
   */
  private Fairness backlogged(TenantPolicies tenants, String a, int rowsA, String b, int rowsB) {
    TenantId ta = new TenantId(a);
    TenantId tb = new TenantId(b);
    Map<TenantId, Integer> rows = Map.of(ta, rowsA, tb, rowsB);
    Map<TenantId, AtomicLong> service = new ConcurrentHashMap<>();
    Map<TenantId, AtomicLong> count = new ConcurrentHashMap<>();
    AtomicLong largest = new AtomicLong();
    AtomicLong largestBatch = new AtomicLong();
    SchedulerListener listener =
        new SchedulerListener() {
          @Override
          public void requestExecuted(
              ModelId model,
              RequestContext context,
              long queueNanos,
              long computeNanos,
              int batchSize) {
            int r = rows.getOrDefault(context.tenant(), 1);
            long charge = computeNanos * r / Math.max(1, batchSize);
            service.computeIfAbsent(context.tenant(), t -> new AtomicLong()).addAndGet(charge);
            count.computeIfAbsent(context.tenant(), t -> new AtomicLong()).incrementAndGet();
            largest.accumulateAndGet(charge, Math::max);
          }

          @Override
          public void batchExecuted(ModelId model, int batchSize, long computeNanos) {
            largestBatch.accumulateAndGet(computeNanos, Math::max);
          }
        };
    DynamicBatcher batcher = rig.batcher(SchedulerRig.clinical(true), tenants, listener);
    AsyncClosedLoop loopA =
        new AsyncClosedLoop(
            () -> batcher.schedule(rig.request(ta, ROUTINE, Duration.ZERO, rowsA)),
            64,
            rig.ticker());
    AsyncClosedLoop loopB =
        new AsyncClosedLoop(
            () -> batcher.schedule(rig.request(tb, ROUTINE, Duration.ZERO, rowsB)),
            64,
            rig.ticker());
    Fairness f = new Fairness();
    f.weightA = tenants.policyFor(ta).weight();
    f.weightB = tenants.policyFor(tb).weight();
    loopA.start(new LatencyRecorder());
    loopB.start(new LatencyRecorder());
    try {
      park(options.warmup());
      long a0 = get(service, ta);
      long b0 = get(service, tb);
      long c0a = get(count, ta);
      long c0b = get(count, tb);
      long end = rig.ticker().nanos() + options.measure().toNanos();
      while (rig.ticker().nanos() < end) {
        LockSupport.parkNanos(1_000_000);
        // From the start: both tenants became backlogged at the same moment, as the bound assumes.
        double sa = get(service, ta) / f.weightA;
        double sb = get(service, tb) / f.weightB;
        f.maxDifferenceNanos = Math.max(f.maxDifferenceNanos, Math.abs(sa - sb));
      }
      f.serviceA = get(service, ta) - a0;
      f.serviceB = get(service, tb) - b0;
      f.requestsA = get(count, ta) - c0a;
      f.requestsB = get(count, tb) - c0b;
      f.largestRequestNanos = largest.get();
      f.largestBatchNanos = largestBatch.get();
    } finally {
      loopA.halt();
      loopB.halt();
      loopA.stop(STOP);
      loopB.stop(STOP);
    }
    return f;
  }

  private static long get(Map<TenantId, AtomicLong> m, TenantId t) {
    AtomicLong v = m.get(t);
    return v == null ? 0 : v.get();
  }

  // ---- shared --------------------------------------------------------------------------------

  private RunResult closed(String label, BatchPolicy policy, int concurrency, int rows) {
    DynamicBatcher batcher = rig.batcher(policy, TenantPolicies.uniform(), SchedulerListener.NOOP);
    AsyncClosedLoop loop =
        new AsyncClosedLoop(
            () -> batcher.schedule(rig.request(ROUTINE_TENANT, ROUTINE, Duration.ZERO, rows)),
            concurrency,
            rig.ticker());
    return measurement.run(label, concurrency, loop);
  }

  private StreamResults open(BatchPolicy policy, List<OpenLoop.Stream> streams) {
    return openOn(rig.batcher(policy, TenantPolicies.uniform(), SchedulerListener.NOOP), streams);
  }

  private StreamResults openOn(DynamicBatcher batcher, List<OpenLoop.Stream> streams) {
    OpenLoop loop =
        new OpenLoop(
            s -> rig.request(s.tenant(), s.priority(), s.timeout(), s.rows()),
            rig.ticker(),
            options.seed());
    return loop.run(batcher, streams, options.warmup(), options.measure());
  }

  private static OpenLoop.Stream stream(
      String name, TenantId tenant, int priority, double rate, Duration timeout, int rows) {
    return new OpenLoop.Stream(name, tenant, priority, rate, timeout, rows);
  }

  private void park(Duration d) {
    long end = rig.ticker().nanos() + d.toNanos();
    long left;
    while ((left = end - rig.ticker().nanos()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private void header(String title) {
    out.println();
    out.println(title);
  }

  private void row(RunResult r) {
    out.printf(
        "%-14s c=%-3d %10.0f req/s  p50 %8.0f µs  p99 %8.0f µs  %s%s%n",
        r.mode(),
        r.concurrency(),
        r.throughput(),
        r.latency().p50Micros(),
        r.latency().p99Micros(),
        r.stability().isStable() ? "stable" : "UNSTABLE (" + r.stability().detail() + ")",
        r.error() == null ? "" : "  FAILED: " + r.error());
  }

  private void streamHeader(String first) {
    out.printf(
        "%-10s %-9s %8s %9s %9s %10s %9s %8s %8s%n",
        first, "phase", "sent", "p50 µs", "p99 µs", "eff.p99", "attain", "rejected", "unfin");
  }

  private void printStream(String policy, String phase, OpenLoop.StreamResult r) {
    out.printf(
        "%-10s %-9s %8d %9.0f %9.0f %10.0f %9.4f %8d %8d%n",
        policy,
        phase,
        r.sent(),
        r.latency().p50Micros(),
        r.latency().p99Micros(),
        r.effectiveP99Micros(),
        r.attainment(),
        r.rejected(),
        r.unfinished());
  }

  private void printGoals(List<List<String>> goals) {
    for (List<String> g : goals) {
      out.printf("goal %-52s %10s %10s  %s%n", g.get(0), g.get(1), g.get(2), g.get(3));
    }
  }
}
