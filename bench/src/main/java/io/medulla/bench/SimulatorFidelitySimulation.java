package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.runtime.ModelProfile;
import io.medulla.scheduling.BatchPolicy;
import io.medulla.simulation.ArrivalPattern;
import io.medulla.simulation.ExecutionPercentiles;
import io.medulla.simulation.ExecutionTimes;
import io.medulla.simulation.HostCpu;
import io.medulla.simulation.ModelStats;
import io.medulla.simulation.RequestStats;
import io.medulla.simulation.RequestStream;
import io.medulla.simulation.SimulatedModel;
import io.medulla.simulation.SimulationResult;
import io.medulla.simulation.SimulationWindow;
import io.medulla.simulation.Simulator;
import io.medulla.simulation.TenantWorkload;
import io.medulla.simulation.Workload;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * G9's side of the simulator: one model with the server's batch policy and instance count,
 * execution times fitted log-normally through the profile's p50 and p99 at each batch size, and one
 * tenant's Poisson stream of ROUTINE requests (what an unlabelled REST request is) at a given rate.
 *
 * <p>Immutable and thread-safe (the simulator is).
 */
final class SimulatorFidelitySimulation {
  /** The most simulated seconds one run may cover. */
  private static final double MAX_SECONDS = 24 * 3600.0;

  /**
   * What one simulated run predicts.
   *
   * @param ratePerSecond the offered rate
   * @param arrived requests that arrived in the window
   * @param simulatedSeconds the window's length
   * @param throughput samples executed per second inside the window
   * @param p50Micros the completed requests' median latency (scheduler entry to answer)
   * @param p99Micros their 99th percentile
   * @param utilisation the instances' mean busy share
   * @param meanBatchSize samples per batch
   */
  record Prediction(
      double ratePerSecond,
      long arrived,
      double simulatedSeconds,
      double throughput,
      double p50Micros,
      double p99Micros,
      double utilisation,
      double meanBatchSize) {}

  private final String model;
  private final SimulatedModel simulated;
  private final ExecutionTimes times;
  private final @Nullable HostCpu host;

  private SimulatorFidelitySimulation(
      String model, SimulatedModel simulated, ExecutionTimes times, @Nullable HostCpu host) {
    this.model = model;
    this.simulated = simulated;
    this.times = times;
    this.host = host;
  }

  /**
   * Returns the simulation of {@code profile}'s model at {@code instances} under {@code policy}.
   */
  static SimulatorFidelitySimulation of(ModelProfile profile, BatchPolicy policy, int instances) {
    requireNonNull(profile, "profile");
    return new SimulatorFidelitySimulation(
        profile.model(),
        SimulatedModel.of(profile.model(), instances, policy),
        ExecutionTimes.logNormal(Map.of(profile.model(), percentiles(profile, instances))),
        null);
  }

  /** Returns this simulation with the host's cores and per-request CPU modelled. */
  SimulatorFidelitySimulation withHost(HostCpu hostCpu) {
    return new SimulatorFidelitySimulation(
        model, simulated, times, requireNonNull(hostCpu, "hostCpu"));
  }

  /** Returns the profile's p50 and p99 per batch size at {@code instances}. */
  static SortedMap<Integer, ExecutionPercentiles> percentiles(ModelProfile profile, int instances) {
    SortedMap<Integer, Duration> p50 = profile.p50ByBatchSize(instances);
    SortedMap<Integer, Duration> p99 = profile.p99ByBatchSize(instances);
    if (p50.isEmpty()) {
      throw new IllegalArgumentException(
          profile.model() + ": the profile has no point at " + instances + " instances");
    }
    SortedMap<Integer, ExecutionPercentiles> out = new TreeMap<>();
    p50.forEach(
        (batch, median) -> {
          Duration tail = p99.get(batch);
          out.put(batch, new ExecutionPercentiles(median, tail == null ? median : tail));
        });
    return out;
  }

  /** Runs about {@code requests} requests at {@code rate} and follows each to its answer. */
  Prediction latency(double rate, long requests, long seed) {
    return predict(builder().build(), rate, requests, seed);
  }

  /**
   * Offers {@code rate} (meant far above capacity) for about {@code requests} arrivals with at most
   * {@code inFlight} requests in the modelled server, as in the measured closed loop (arrivals
   * beyond are shed; far above capacity one arrives as soon as one is answered). The throughput
   * counts only the samples executed inside the window, so the backlog left at its end does not
   * count. A backlog as small as the real one matters with a host model: an execution queues for
   * its core behind every request stage already waiting.
   */
  Prediction saturation(double rate, long requests, int inFlight, long seed) {
    Simulator sim = builder().maxOutstanding(inFlight).drainLimit(Duration.ZERO).build();
    return predict(sim, rate, requests, seed);
  }

  private Simulator.Builder builder() {
    Simulator.Builder b = Simulator.builder().model(simulated).executionTimes(times);
    HostCpu h = host;
    return h == null ? b : b.hostCpu(h);
  }

  private Prediction predict(Simulator sim, double rate, long requests, long seed) {
    double seconds = Math.min(MAX_SECONDS, Math.max(1, requests / rate));
    SimulationWindow window =
        new SimulationWindow(Duration.ZERO, Duration.ofNanos((long) (seconds * 1e9)));
    Workload workload =
        Workload.of(
            seed, TenantWorkload.of("g9", RequestStream.of(model, ArrivalPattern.constant(rate))));
    SimulationResult result = sim.run(workload, window);
    RequestStats overall = result.overall();
    ModelStats stats = result.byModel().get(model);
    double periodSeconds = stats == null ? seconds : stats.period().toNanos() / 1e9;
    return new Prediction(
        rate,
        overall.arrived(),
        seconds,
        stats == null ? 0 : stats.samples() / periodSeconds,
        micros(overall.latency().p50()),
        micros(overall.latency().p99()),
        stats == null ? 0 : stats.utilisation(),
        stats == null ? 0 : stats.meanBatchSize());
  }

  private static double micros(Duration d) {
    return d.toNanos() / 1e3;
  }
}
