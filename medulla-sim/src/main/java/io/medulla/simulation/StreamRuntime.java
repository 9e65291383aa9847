package io.medulla.simulation;

import io.medulla.inference.Inferencer;
import io.medulla.inference.TenantId;
import io.medulla.inference.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One request stream in one run: its arrivals, its class draws, and where its requests go. Classes,
 * tenants and targets are addressed by their index in the run's sorted name lists. Confined to the
 * run's thread.
 */
final class StreamRuntime {
  final int tenant;
  final int target;
  final TenantId tenantId;
  final String targetName;
  final Inferencer inferencer;
  final List<Tensor> inputs;
  final Duration timeout;
  final ArrivalProcess arrivals;
  private final SplittableRandom classRng;
  private final int[] classes;
  private final double[] cumulative;

  StreamRuntime(
      RequestStream stream,
      String label,
      int tenant,
      String tenantName,
      int target,
      Inferencer inferencer,
      List<Tensor> inputs,
      List<String> classNames,
      SimulationWindow window,
      long seed) {
    this.tenant = tenant;
    this.target = target;
    this.tenantId = new TenantId(tenantName);
    this.targetName = stream.target();
    this.inferencer = inferencer;
    this.inputs = inputs;
    this.timeout = stream.timeout();
    this.arrivals =
        ArrivalProcess.of(
            stream.arrivals(),
            stream.burstiness(),
            window,
            Randoms.forLabel(seed, "arrivals/" + label));
    this.classRng = Randoms.forLabel(seed, "classes/" + label);
    Map<String, Double> mix = stream.priorityMix();
    this.classes = new int[mix.size()];
    this.cumulative = new double[mix.size()];
    int i = 0;
    double sum = 0;
    for (Map.Entry<String, Double> e : mix.entrySet()) {
      classes[i] = classNames.indexOf(e.getKey());
      sum += e.getValue();
      cumulative[i] = sum;
      i++;
    }
  }

  /** Draws the class of the next request, as an index into the run's class names. */
  int drawClass() {
    if (classes.length == 1) {
      return classes[0];
    }
    double u = classRng.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return classes[i];
      }
    }
    return classes[classes.length - 1];
  }

  boolean hasTimeout() {
    return !timeout.isZero();
  }
}
