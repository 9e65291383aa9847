package io.medulla.cli;

import io.medulla.planning.Demand;
import io.medulla.planning.DemandCalculator;
import io.medulla.planning.DeviceType;
import io.medulla.planning.GraphLatency;
import io.medulla.planning.LoadMultiplier;
import io.medulla.planning.ModelNeed;
import io.medulla.planning.Packer;
import io.medulla.planning.PackingProblem;
import io.medulla.planning.PackingSolution;
import io.medulla.planning.PlacedDevice;
import io.medulla.planning.PlacedInstance;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.ModelStats;
import io.medulla.simulation.QueueDelayBudgets;
import io.medulla.simulation.RequestStats;
import io.medulla.simulation.SimulationResult;
import io.medulla.simulation.SimulationWindow;
import io.medulla.simulation.Simulator;
import io.medulla.simulation.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Makes a plan: demand, packing (heuristic, and exact when small), the simulated peak hour, the
 * headroom search and the what-ifs. Single-threaded.
 */
final class PlanRun {
  /** The exact packer runs when the workload needs at most this many models. */
  static final int EXACT_MAX_MODELS = 12;

  /** The headroom search stops at this load multiplier. */
  static final double HEADROOM_CAP = 8;

  private static final int HEADROOM_STEPS = 7;

  /**
   * The settings of one plan.
   *
   * @param loadMultiplier what-if factor on every hourly rate
   * @param devicesMinusOne plan with one device fewer than packing chose
   * @param maxUtilisation the packer's utilisation ceiling per device
   * @param simulateDay whether to simulate the whole day as well as the peak hour
   * @param headroom whether to search for the headroom
   * @param autoscale whether to replay the day with the autoscaling policy
   * @param provisioningDelay how long a replica the policy adds takes to serve
   */
  record Options(
      double loadMultiplier,
      boolean devicesMinusOne,
      double maxUtilisation,
      boolean simulateDay,
      boolean headroom,
      boolean autoscale,
      Duration provisioningDelay) {}

  private final PlanSetup setup;
  private final List<DeviceType> types;
  private final Options options;

  PlanRun(PlanSetup setup, List<DeviceType> types, Options options) {
    this.setup = setup;
    this.types = List.copyOf(types);
    this.options = options;
  }

  PlanResult plan(Workload original) {
    List<String> notes = new ArrayList<>();
    Workload workload =
        options.loadMultiplier() == 1
            ? original
            : LoadMultiplier.apply(original, options.loadMultiplier());
    if (LoadMultiplier.hasTraces(original)
        && (options.loadMultiplier() != 1 || options.headroom())) {
      notes.add("trace streams are replayed as recorded: load multipliers scale hourly rates only");
    }
    Demand demand = DemandCalculator.calculate(workload, setup.shapes, setup.profiles, types);
    notes.addAll(demand.notes());
    PackingProblem problem =
        new PackingProblem(demand.toPacking(), types, options.maxUtilisation());
    PackingSolution heuristic = Packer.heuristic().pack(problem);
    PackingSolution chosen = heuristic;
    double exactCost = Double.NaN;
    boolean proven = false;
    if (demand.models().size() <= EXACT_MAX_MODELS) {
      PackingSolution exact = Packer.exact().pack(problem);
      exactCost = exact.totalCost();
      proven = exact.provenOptimal();
      if (exact.unplaceable().size() <= heuristic.unplaceable().size()
          && exact.totalCost() < heuristic.totalCost()) {
        chosen = exact;
      }
    }
    if (options.devicesMinusOne()) {
      chosen = oneFewer(problem, chosen, notes);
    }
    Map<String, Integer> instances = new TreeMap<>();
    demand.models().forEach(m -> instances.put(m.model(), 0));
    Map<String, Double> speeds = new HashMap<>();
    Map<String, List<String>> placement = new TreeMap<>();
    List<PlacedDevice> devices = chosen.devices();
    for (int d = 0; d < devices.size(); d++) {
      PlacedDevice device = devices.get(d);
      for (PlacedInstance instance : device.instances()) {
        instances.merge(instance.model(), 1, Integer::sum);
        speeds.putIfAbsent(instance.model(), device.type().speed());
        placement
            .computeIfAbsent(instance.model(), m -> new ArrayList<>())
            .add(device.type().name() + "#" + d);
      }
    }
    Map<ClinicalPriority, Duration> queueSlos = queueDelaySlos(workload, demand);
    SimulationResult peak = null;
    SimulationResult day = null;
    PlanResult.Headroom headroom = null;
    AutoscaleReplay.Result autoscale = null;
    if (chosen.unplaceable().isEmpty()) {
      // Instances that share a device share its time, as the packer accounts its compute.
      Simulator simulator = setup.simulator(instances, speeds, placement);
      SimulationWindow peakHour = SimulationWindow.hours(demand.peakHour(), 1);
      peak = simulator.run(workload, peakHour);
      if (options.simulateDay()) {
        day = simulator.run(workload, SimulationWindow.day());
      }
      if (options.headroom()) {
        headroom = headroom(simulator, workload, peakHour, peak);
      }
      if (options.autoscale()) {
        try {
          autoscale =
              AutoscaleReplay.replay(
                  setup,
                  workload,
                  instances,
                  speeds,
                  queueSlos,
                  demand.peakHour(),
                  options.provisioningDelay());
        } catch (IllegalStateException e) {
          notes.add("autoscaling replay skipped: " + e.getMessage());
        }
      }
    } else {
      notes.add("the placement does not fit: nothing was simulated");
    }
    return new PlanResult(
        options.loadMultiplier(),
        options.devicesMinusOne(),
        types,
        demand,
        chosen,
        heuristic.totalCost(),
        exactCost,
        proven,
        instances,
        peak,
        day,
        headroom,
        autoscale,
        queueSlos,
        notes);
  }

  /**
   * Returns the queue-delay SLOs to give the server's autoscaling signal ({@code
   * --slo-queue-delay}): each class's objective less the slowest target's p99, shared by the queues
   * of the longest critical path ({@link QueueDelayBudgets}); empty when the workload sets no
   * objectives.
   */
  static Map<ClinicalPriority, Duration> queueDelaySlos(Workload workload, Demand demand) {
    Duration p99 = Duration.ZERO;
    int queues = 1;
    for (GraphLatency g : demand.graphs()) {
      p99 = p99.compareTo(g.p99()) < 0 ? g.p99() : p99;
      queues = Math.max(queues, g.criticalPath().size());
    }
    for (ModelNeed m : demand.models()) {
      Duration own = m.p99().executionTime(1);
      p99 = p99.compareTo(own) < 0 ? own : p99;
    }
    return QueueDelayBudgets.of(workload.slos(), p99, queues);
  }

  /**
   * Packs again with one device fewer of the most used type, every type capped at what the plan
   * used, so that the packer cannot buy its way around the missing device.
   */
  private PackingSolution oneFewer(
      PackingProblem problem, PackingSolution solution, List<String> notes) {
    Map<String, Integer> used = new LinkedHashMap<>();
    solution.devices().forEach(d -> used.merge(d.type().name(), 1, Integer::sum));
    String most = null;
    int mostCount = 0;
    for (Map.Entry<String, Integer> e : used.entrySet()) {
      if (most == null || e.getValue() > mostCount) {
        most = e.getKey();
        mostCount = e.getValue();
      }
    }
    List<DeviceType> limited = new ArrayList<>();
    for (DeviceType type : problem.available()) {
      int count = used.getOrDefault(type.name(), 0) - (type.name().equals(most) ? 1 : 0);
      if (count > 0) {
        limited.add(type.withMaxCount(count));
      }
    }
    notes.add(
        "what-if: one "
            + most
            + " device fewer than the "
            + solution.devices().size()
            + " packing chose");
    if (limited.isEmpty()) {
      List<io.medulla.planning.Unplaceable> none = new ArrayList<>();
      problem
          .models()
          .forEach(
              m ->
                  none.add(
                      new io.medulla.planning.Unplaceable(
                          m.model(),
                          io.medulla.planning.Unplaceable.Reason.NO_DEVICE_LEFT,
                          "no device is left")));
      return new PackingSolution(List.of(), none, false);
    }
    return Packer.heuristic()
        .pack(new PackingProblem(problem.models(), limited, problem.maxUtilisation()));
  }

  /**
   * Binary search on a load multiplier of the peak hour: the largest that meets every SLO, up to
   * {@link #HEADROOM_CAP}. The same seed at every step, so the steps see the same arrival gaps.
   */
  private PlanResult.Headroom headroom(
      Simulator simulator, Workload workload, SimulationWindow window, SimulationResult atOne) {
    double good;
    double bad;
    SimulationResult breaking = null;
    if (atOne.meetsSlos()) {
      good = 1;
      bad = HEADROOM_CAP;
      SimulationResult atCap = run(simulator, workload, window, bad);
      if (atCap.meetsSlos()) {
        return new PlanResult.Headroom(HEADROOM_CAP, true, null, null, 0);
      }
      breaking = atCap;
    } else {
      good = 0;
      bad = 1;
      breaking = atOne;
    }
    for (int i = 0; i < HEADROOM_STEPS; i++) {
      double mid = good == 0 ? bad / 2 : Math.sqrt(good * bad);
      SimulationResult r = run(simulator, workload, window, mid);
      if (r.meetsSlos()) {
        good = mid;
      } else {
        bad = mid;
        breaking = r;
      }
    }
    String busiest = null;
    double utilisation = 0;
    for (Map.Entry<String, ModelStats> e : breaking.byModel().entrySet()) {
      if (busiest == null || e.getValue().utilisation() > utilisation) {
        busiest = e.getKey();
        utilisation = e.getValue().utilisation();
      }
    }
    return new PlanResult.Headroom(good, false, worstClass(breaking), busiest, utilisation);
  }

  private static SimulationResult run(
      Simulator simulator, Workload workload, SimulationWindow window, double factor) {
    return simulator.run(LoadMultiplier.apply(workload, factor), window);
  }

  /** The class furthest below its SLO's percentile, or null when every class meets its SLO. */
  static @Nullable String worstClass(SimulationResult result) {
    String worst = null;
    double shortfall = 0;
    for (Map.Entry<String, RequestStats> e : result.byClass().entrySet()) {
      ClassSlo slo = result.slos().get(e.getKey());
      if (slo == null) {
        continue;
      }
      double gap = slo.percentile() - e.getValue().sloAttainment();
      if (gap > shortfall) {
        shortfall = gap;
        worst = e.getKey();
      }
    }
    return worst;
  }
}
