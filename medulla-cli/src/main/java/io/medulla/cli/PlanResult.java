package io.medulla.cli;

import io.medulla.planning.Demand;
import io.medulla.planning.DeviceType;
import io.medulla.planning.PackingSolution;
import io.medulla.scheduling.ClinicalPriority;
import io.medulla.simulation.SimulationResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything a plan found, for the JSON and HTML reports and the summary.
 *
 * @param loadMultiplier the what-if factor the workload's rates were multiplied by
 * @param devicesMinusOne whether the plan was asked with one device fewer than packing chose
 * @param deviceTypes the device types on offer
 * @param demand the workload's demand
 * @param packing the chosen placement
 * @param heuristicCost the heuristic packer's cost
 * @param exactCost the exact packer's cost, or NaN when it did not run
 * @param exactProvenOptimal whether the exact packer proved its answer optimal
 * @param instances instances per model in the placement
 * @param peak the simulated peak hour, or null when the placement does not fit
 * @param day the simulated day, or null when not asked or not fitting
 * @param headroom how far the load can grow, or null when not searched
 * @param autoscale the autoscaling replay, or null when not asked or not fitting
 * @param notes assumptions and caveats
 */
record PlanResult(
    double loadMultiplier,
    boolean devicesMinusOne,
    List<DeviceType> deviceTypes,
    Demand demand,
    PackingSolution packing,
    double heuristicCost,
    double exactCost,
    boolean exactProvenOptimal,
    Map<String, Integer> instances,
    @Nullable SimulationResult peak,
    @Nullable SimulationResult day,
    @Nullable Headroom headroom,
    AutoscaleReplay.@Nullable Result autoscale,
    Map<ClinicalPriority, Duration> queueDelaySlos,
    List<String> notes) {

  /**
   * Returns the {@code --slo-queue-delay} flags that give the server's autoscaling signal {@link
   * #queueDelaySlos()}, space-separated; empty when there are none.
   */
  String queueDelayFlags() {
    StringBuilder out = new StringBuilder();
    queueDelaySlos.forEach(
        (c, d) ->
            out.append(out.length() == 0 ? "" : " ")
                .append("--slo-queue-delay ")
                .append(c.name().toLowerCase(java.util.Locale.ROOT))
                .append('=')
                .append(d.toMillis())
                .append("ms"));
    return out.toString();
  }

  /** Whether every model found a device. */
  boolean fits() {
    return packing.unplaceable().isEmpty();
  }

  /**
   * How much the load can grow before an SLO breaks, and what breaks.
   *
   * @param multiplier the largest load multiplier found that meets every SLO (0 when even the
   *     current load misses one)
   * @param capped whether the search stopped at its cap without an SLO breaking
   * @param breakingClass the class whose SLO fails first as load grows, or null
   * @param busiestModel the model with the highest utilisation at the breaking load, or null
   * @param busiestUtilisation that model's utilisation
   */
  record Headroom(
      double multiplier,
      boolean capped,
      @Nullable String breakingClass,
      @Nullable String busiestModel,
      double busiestUtilisation) {}
}
