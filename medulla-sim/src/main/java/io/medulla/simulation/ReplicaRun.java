package io.medulla.simulation;

import io.medulla.autoscaling.Decision;
import io.medulla.autoscaling.ScalingListener;
import io.medulla.autoscaling.ScalingPolicy;
import io.medulla.autoscaling.ScalingSettings;
import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceRequest;
import io.medulla.inference.InferenceResponse;
import io.medulla.inference.Inferencer;
import io.medulla.inference.RequestContext;
import io.medulla.inference.RequestId;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.Cancellable;
import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One replica run: a virtual clock; per replica a whole simulated server ({@link ServerStack}: the
 * real {@link io.medulla.scheduling.DynamicBatcher} per model and {@link
 * io.medulla.graph.GraphExecutor} per graph); a least-loaded balancer (fewest requests outstanding,
 * lowest index on ties) over the replicas that serve; and, when the plan autoscales, a {@link
 * ScalingPolicy} fed by a {@link ScalingListener} on every replica's scheduler and evaluated every
 * period of simulated time against the replicas serving. Its decisions are applied at once: added
 * replicas serve after the provisioning delay; removed ones are first those still provisioning
 * (newest first), then serving ones (newest first), which take no new requests and are retired when
 * their last one is answered. Everything runs on the calling thread, in the clock's order. Used
 * once.
 */
final class ReplicaRun {
  private final VirtualClock clock = new VirtualClock();
  private final AutoscalingScenario scenario;
  private final ReplicaPlan plan;
  private final long seed;
  private final long windowNanos;
  private final @Nullable ScalingPolicy policy;
  private final SchedulerListener listener;
  private final List<Replica> all = new ArrayList<>();
  private final List<Replica> serving = new ArrayList<>();
  private final ArrayDeque<Replica> provisioning = new ArrayDeque<>();
  private final List<StreamRuntime> streams = new ArrayList<>();
  private final List<String> classes;
  private final int[] levels;
  private final long[] sloNanos;
  private final long[] arrived;
  private final long[] good;
  private final long[] timedOut;
  private final long[] rejected;
  private final long[] answered;
  private final List<ReplicaSample> timeline = new ArrayList<>();
  private int paid;
  private int peak;
  private int scaleUps;
  private int scaleDowns;
  private long sequence;
  private boolean stopped;

  /** One replica: a whole simulated server, and what it is paid for. */
  private final class Replica {
    final ServerStack stack;
    final long startNanos;
    long endNanos = -1;
    int outstanding;
    boolean draining;
    @Nullable Cancellable ready;

    Replica(int index, long startNanos) {
      this.startNanos = startNanos;
      this.stack =
          new ServerStack(
              scenario.simulator(), clock, scenario.window(), seed, "replica-" + index, listener);
    }
  }

  ReplicaRun(AutoscalingScenario scenario, ReplicaPlan plan) {
    this.scenario = scenario;
    this.plan = plan;
    Workload workload = scenario.workload();
    this.seed = workload.seed();
    this.windowNanos = scenario.window().length().toNanos();
    ScalingSettings settings = plan.autoscaling();
    if (settings == null) {
      this.policy = null;
      this.listener = SchedulerListener.NOOP;
    } else {
      ScalingPolicy p = new ScalingPolicy(settings, clock);
      this.policy = p;
      // Busy time is shared by every instance that executes: serving and draining replicas.
      Map<String, SimulatedModel> models = scenario.simulator().models();
      this.listener =
          new ScalingListener(
              p,
              id -> {
                SimulatedModel m = models.get(id.name());
                return (paid - provisioning.size()) * (m == null ? 1 : m.instances());
              });
    }
    this.classes = List.copyOf(workload.priorityClasses());
    int n = classes.size();
    this.levels = new int[n];
    this.sloNanos = new long[n];
    for (int c = 0; c < n; c++) {
      levels[c] = PriorityClassNames.levelOf(classes.get(c));
      ClassSlo slo = workload.sloOf(classes.get(c));
      sloNanos[c] = slo == null ? Long.MAX_VALUE : slo.latency().toNanos();
    }
    this.arrived = new long[n];
    this.good = new long[n];
    this.timedOut = new long[n];
    this.rejected = new long[n];
    this.answered = new long[n];
    List<String> tenants =
        workload.tenants().stream().map(TenantWorkload::tenant).sorted().toList();
    List<String> targets = List.copyOf(workload.targets());
    Inferencer balancer = this::dispatch;
    for (TenantWorkload t : workload.tenants()) {
      List<RequestStream> list = t.streams();
      for (int i = 0; i < list.size(); i++) {
        RequestStream s = list.get(i);
        // The same labels as the simulator's, so arrivals are the same as a Simulator run's.
        streams.add(
            new StreamRuntime(
                s,
                t.tenant() + "/" + i + "/" + s.target(),
                tenants.indexOf(t.tenant()),
                t.tenant(),
                targets.indexOf(s.target()),
                balancer,
                ServerStack.inputsOf(scenario.simulator(), s.target()),
                classes,
                scenario.window(),
                seed));
      }
    }
  }

  ReplicaResult run() {
    for (int i = 0; i < plan.initialReplicas(); i++) {
      serving.add(newReplica(0));
    }
    for (StreamRuntime s : streams) {
      scheduleNext(s);
    }
    if (policy != null) {
      evaluate();
    }
    clock.runUntilIdle(scenario.window().length().plus(scenario.simulator().drainLimit()));
    stopped = true;
    return result();
  }

  private Replica newReplica(long now) {
    Replica r = new Replica(all.size(), now);
    all.add(r);
    paid++;
    peak = Math.max(peak, paid);
    return r;
  }

  private void retire(Replica r, long now) {
    r.endNanos = now;
    paid--;
  }

  private CompletableFuture<InferenceResponse> dispatch(InferenceRequest request) {
    Replica best = serving.get(0);
    for (int i = 1; i < serving.size(); i++) {
      Replica r = serving.get(i);
      if (r.outstanding < best.outstanding) {
        best = r;
      }
    }
    Replica chosen = best;
    chosen.outstanding++;
    return chosen
        .stack
        .target(request.modelName())
        .inferencer()
        .infer(request)
        .whenComplete((response, error) -> finished(chosen));
  }

  private void finished(Replica r) {
    r.outstanding--;
    if (r.draining && r.outstanding == 0 && r.endNanos < 0) {
      retire(r, clock.nanos());
    }
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
    arrived[cls]++;
    Deadline deadline = s.hasTimeout() ? Deadline.after(now, s.timeout) : Deadline.none();
    RequestContext context =
        new RequestContext(
            new RequestId(Long.toString(++sequence)),
            s.tenantId,
            SimulationRun.PRINCIPAL,
            levels[cls],
            deadline,
            now);
    InferenceRequest request =
        new InferenceRequest(s.targetName, "", "", s.inputs, List.of(), Map.of(), context);
    CompletableFuture<InferenceResponse> answer;
    try {
      answer = s.inferencer.infer(request);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((response, error) -> answered(cls, now, error));
  }

  private void answered(int cls, long arrival, @Nullable Throwable error) {
    if (stopped) {
      return;
    }
    answered[cls]++;
    Outcome outcome = error == null ? Outcome.COMPLETED : Outcome.ofFailure(error);
    switch (outcome) {
      case COMPLETED -> {
        if (clock.nanos() - arrival <= sloNanos[cls]) {
          good[cls]++;
        }
      }
      case TIMED_OUT -> timedOut[cls]++;
      case REJECTED -> rejected[cls]++;
      default -> {
        // Failed: a miss, counted only as not good.
      }
    }
  }

  /** Evaluates the policy against the replicas serving, applies its decision, and reschedules. */
  private void evaluate() {
    ScalingPolicy p = Objects.requireNonNull(policy, "policy");
    long now = clock.nanos();
    int ready = serving.size();
    // Replicas still provisioning add no capacity yet: the policy scales what serves, so delays
    // measured while they start do not multiply a count that already includes them.
    Decision d = p.evaluate(now, ready);
    int desired = d.desiredReplicas();
    int target = ready + provisioning.size();
    if (desired > target) {
      scaleUps++;
      for (int i = target; i < desired; i++) {
        Replica r = newReplica(now);
        provisioning.addLast(r);
        r.ready = clock.schedule(plan.provisioningDelay(), () -> serve(r));
      }
    } else if (desired < target) {
      scaleDowns++;
      while (target > desired && !provisioning.isEmpty()) {
        Replica r = provisioning.pollLast();
        Cancellable c = r.ready;
        if (c != null) {
          c.cancel();
        }
        retire(r, now);
        target--;
      }
      while (target > desired && serving.size() > 1) {
        Replica r = serving.remove(serving.size() - 1);
        r.draining = true;
        if (r.outstanding == 0) {
          retire(r, now);
        }
        target--;
      }
    }
    timeline.add(
        new ReplicaSample(Duration.ofNanos(now), ready, provisioning.size(), desired, d.reason()));
    long next = now + p.settings().evaluationPeriod().toNanos();
    if (next < windowNanos) {
      clock.schedule(Duration.ofNanos(next - now), this::evaluate);
    }
  }

  private void serve(Replica r) {
    provisioning.remove(r);
    serving.add(r);
  }

  private ReplicaResult result() {
    long instanceNanos = 0;
    long instancesPerReplica = scenario.instancesPerReplica();
    for (Replica r : all) {
      long end = r.endNanos < 0 ? windowNanos : Math.min(windowNanos, r.endNanos);
      long start = Math.min(windowNanos, r.startNanos);
      instanceNanos += (end - start) * instancesPerReplica;
    }
    Map<String, ReplicaClassStats> byClass = new TreeMap<>();
    for (int c = 0; c < classes.size(); c++) {
      byClass.put(
          classes.get(c),
          new ReplicaClassStats(
              arrived[c], good[c], timedOut[c], rejected[c], arrived[c] - answered[c]));
    }
    return new ReplicaResult(
        plan,
        scenario.window(),
        instanceNanos / 1e9,
        byClass,
        scenario.workload().slos(),
        peak,
        scaleUps,
        scaleDowns,
        timeline);
  }
}
