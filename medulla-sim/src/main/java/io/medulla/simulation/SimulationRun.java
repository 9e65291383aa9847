package io.medulla.simulation;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One simulation: a fresh virtual clock, the real schedulers and graph executors over it, each
 * stream's arrivals scheduled one ahead, and the tallies. Everything runs on the calling thread
 * inside {@link VirtualClock#runUntilIdle}, so the order of events is the clock's order (due time,
 * then scheduling order) and nothing else. Used once.
 */
final class SimulationRun {
  /** The principal simulated requests are made by. */
  static final String PRINCIPAL = "simulation";

  private final VirtualClock clock = new VirtualClock();
  private final Simulator simulator;
  private final Workload workload;
  private final SimulationWindow window;
  private final long seed;
  private final long windowNanos;

  private final List<ModelRuntime> sortedModels;
  private final List<StreamRuntime> streams = new ArrayList<>();
  private final List<String> classes;
  private final List<String> tenants;
  private final List<String> targets;
  private final int[] levels;
  private final long[] sloNanos;
  private final RequestTallies tallies;
  private final @Nullable List<Pending> records;
  private final @Nullable HostCpu host;
  private final @Nullable HostCores cores;
  private final SplittableRandom requestCostRng;
  private final SplittableRandom responseCostRng;
  private long sequence;
  private int outstanding;
  private boolean stopped;

  /** A request kept for {@link SimulationResult#requests()}; filled in when it is answered. */
  private static final class Pending {
    final long arrival;
    final StreamRuntime stream;
    final int cls;
    Outcome outcome = Outcome.UNFINISHED;
    long latency;

    Pending(long arrival, StreamRuntime stream, int cls) {
      this.arrival = arrival;
      this.stream = stream;
      this.cls = cls;
    }
  }

  SimulationRun(Simulator simulator, Workload workload, SimulationWindow window, long seed) {
    this.simulator = simulator;
    this.workload = workload;
    this.window = window;
    this.seed = seed;
    this.windowNanos = window.length().toNanos();
    this.classes = List.copyOf(workload.priorityClasses());
    this.targets = List.copyOf(workload.targets());
    this.tenants = workload.tenants().stream().map(TenantWorkload::tenant).sorted().toList();
    this.levels = new int[classes.size()];
    this.sloNanos = new long[classes.size()];
    for (int c = 0; c < classes.size(); c++) {
      levels[c] = PriorityClassNames.levelOf(classes.get(c));
      ClassSlo slo = workload.sloOf(classes.get(c));
      sloNanos[c] = slo == null ? Long.MAX_VALUE : slo.latency().toNanos();
    }
    this.tallies =
        new RequestTallies(window.hourCount(), classes.size(), tenants.size(), targets.size());
    this.records = simulator.recordRequests() ? new ArrayList<>() : null;
    this.host = simulator.hostCpu();
    this.requestCostRng = Randoms.forLabel(seed, "host/request");
    this.responseCostRng = Randoms.forLabel(seed, "host/response");
    ServerStack stack = new ServerStack(simulator, clock, window, seed, "", SchedulerListener.NOOP);
    this.cores = stack.cores();
    this.sortedModels = stack.models();
    for (TenantWorkload t : workload.tenants()) {
      List<RequestStream> list = t.streams();
      for (int i = 0; i < list.size(); i++) {
        RequestStream s = list.get(i);
        ServerStack.Target target = stack.target(s.target());
        streams.add(
            new StreamRuntime(
                s,
                t.tenant() + "/" + i + "/" + s.target(),
                tenants.indexOf(t.tenant()),
                t.tenant(),
                targets.indexOf(s.target()),
                target.inferencer(),
                target.inputs(),
                classes,
                window,
                seed));
      }
    }
  }

  /** Runs the window and the drain after it, and returns what was measured. */
  SimulationResult run() {
    for (StreamRuntime s : streams) {
      scheduleNext(s);
    }
    sample(0);
    clock.runUntilIdle(window.length().plus(simulator.drainLimit()));
    stopped = true;
    return result();
  }

  private void scheduleNext(StreamRuntime s) {
    long at = s.arrivals.next();
    if (at != ArrivalProcess.NONE) {
      clock.schedule(Duration.ofNanos(at - clock.nanos()), () -> arrive(s));
    }
  }

  private void arrive(StreamRuntime s) {
    submit(s, clock.nanos());
    scheduleNext(s);
  }

  private void submit(StreamRuntime s, long now) {
    int cls = s.drawClass();
    int hour = window.hourIndex(now);
    tallies.arrive(hour, cls, s.tenant, s.target);
    Pending record = null;
    if (records != null) {
      record = new Pending(now, s, cls);
      records.add(record);
    }
    if (outstanding >= simulator.maxOutstanding()) {
      tallies.answer(hour, cls, s.tenant, s.target, Outcome.SHED, 0, false);
      if (record != null) {
        record.outcome = Outcome.SHED;
      }
      return;
    }
    Deadline deadline = s.hasTimeout() ? Deadline.after(now, s.timeout) : Deadline.none();
    RequestContext context =
        new RequestContext(
            new RequestId(Long.toString(++sequence)),
            s.tenantId,
            PRINCIPAL,
            levels[cls],
            deadline,
            now);
    InferenceRequest request =
        new InferenceRequest(s.targetName, "", "", s.inputs, List.of(), Map.of(), context);
    outstanding++;
    Pending kept = record;
    HostCores pool = cores;
    HostCpu h = host;
    if (pool == null || h == null || h.request().isNone()) {
      dispatch(s, cls, hour, now, request, kept);
      return;
    }
    pool.submit(
        new HostStage(
            h.request(), requestCostRng, () -> dispatch(s, cls, hour, now, request, kept)));
  }

  /** Hands a request to its target's scheduler or graph executor. */
  private void dispatch(
      StreamRuntime s,
      int cls,
      int hour,
      long arrival,
      InferenceRequest request,
      @Nullable Pending record) {
    if (stopped) {
      return;
    }
    CompletableFuture<InferenceResponse> answer;
    try {
      answer = s.inferencer.infer(request);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((response, error) -> respond(s, cls, hour, arrival, error, record));
  }

  /** Spends the response's host CPU, when modelled, before the request counts as answered. */
  private void respond(
      StreamRuntime s,
      int cls,
      int hour,
      long arrival,
      @Nullable Throwable error,
      @Nullable Pending record) {
    HostCores pool = cores;
    HostCpu h = host;
    if (pool == null || h == null || h.response().isNone() || stopped) {
      answered(s, cls, hour, arrival, error, record);
      return;
    }
    pool.submit(
        new HostStage(
            h.response(), responseCostRng, () -> answered(s, cls, hour, arrival, error, record)));
  }

  /** One request's host stage: needs a drawn cost of CPU on the shared cores, then continues. */
  private static final class HostStage implements HostCores.Job {
    private final HostCost cost;
    private final SplittableRandom rng;
    private final Runnable next;

    HostStage(HostCost cost, SplittableRandom rng, Runnable next) {
      this.cost = cost;
      this.rng = rng;
      this.next = next;
    }

    @Override
    public long start() {
      return cost.sampleNanos(rng);
    }

    @Override
    public void finish() {
      next.run();
    }
  }

  private void answered(
      StreamRuntime s,
      int cls,
      int hour,
      long arrival,
      @Nullable Throwable error,
      @Nullable Pending record) {
    if (stopped) {
      return;
    }
    outstanding--;
    long latency = clock.nanos() - arrival;
    Outcome outcome = error == null ? Outcome.COMPLETED : Outcome.ofFailure(error);
    boolean inSlo = outcome == Outcome.COMPLETED && latency <= sloNanos[cls];
    tallies.answer(hour, cls, s.tenant, s.target, outcome, latency, inSlo);
    if (record != null) {
      record.outcome = outcome;
      record.latency = latency;
    }
  }

  /** Samples every model's queue at {@code at}, then again one interval later. */
  private void sample(long at) {
    for (ModelRuntime m : sortedModels) {
      m.sampleQueue(at);
    }
    long next = at + simulator.queueSampleInterval().toNanos();
    if (next < windowNanos) {
      clock.schedule(Duration.ofNanos(next - clock.nanos()), () -> sample(next));
    }
  }

  private SimulationResult result() {
    List<HourlyResult> hours = new ArrayList<>();
    for (int h = 0; h < window.hourCount(); h++) {
      long start = window.hourStartNanos(h);
      Duration period = Duration.ofNanos(window.hourEndNanos(h) - start);
      Map<String, ModelStats> byModel = new TreeMap<>();
      for (ModelRuntime m : sortedModels) {
        byModel.put(m.name(), m.hourStats(h, period));
      }
      hours.add(
          new HourlyResult(
              h,
              window.hourOfDay(h),
              Duration.ofNanos(start),
              period,
              tallies.overall(h, period),
              tallies.byClass(h, classes, period),
              tallies.byTenant(h, tenants, period),
              tallies.byTarget(h, targets, period),
              byModel));
    }
    Duration length = window.length();
    Map<String, ModelStats> byModel = new TreeMap<>();
    Map<String, List<QueueSample>> queues = new TreeMap<>();
    for (ModelRuntime m : sortedModels) {
      byModel.put(m.name(), m.totalStats(length));
      queues.put(m.name(), m.queueSamples());
    }
    return new SimulationResult(
        window,
        seed,
        workload.slos(),
        tallies.overallTotal(length),
        tallies.byClassTotal(classes, length),
        tallies.byTenantTotal(tenants, length),
        tallies.byTargetTotal(targets, length),
        byModel,
        hours,
        queues,
        requestRecords());
  }

  private List<RequestRecord> requestRecords() {
    if (records == null) {
      return List.of();
    }
    List<RequestRecord> out = new ArrayList<>(records.size());
    for (Pending p : records) {
      boolean answered = p.outcome != Outcome.UNFINISHED && p.outcome != Outcome.SHED;
      out.add(
          new RequestRecord(
              Duration.ofNanos(p.arrival),
              tenants.get(p.stream.tenant),
              p.stream.targetName,
              classes.get(p.cls),
              p.outcome,
              Duration.ofNanos(answered ? p.latency : 0)));
    }
    return out;
  }
}
