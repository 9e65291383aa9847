package io.medulla.planning;

import io.medulla.simulation.ArrivalPattern;
import io.medulla.simulation.RequestStream;
import io.medulla.simulation.TenantWorkload;
import io.medulla.simulation.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * Scales a workload's load: every hourly rate times a factor. Traces are replayed as recorded (they
 * cannot be scaled without inventing arrivals), which the plan reports.
 */
public final class LoadMultiplier {
  private LoadMultiplier() {}

  /**
   * Returns {@code workload} with every hourly rate multiplied by {@code factor}.
   *
   * @throws IllegalArgumentException when factor is not finite and &gt; 0
   */
  public static Workload apply(Workload workload, double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor: " + factor + " (expected: finite, > 0)");
    }
    List<TenantWorkload> tenants = new ArrayList<>();
    for (TenantWorkload t : workload.tenants()) {
      List<RequestStream> streams = new ArrayList<>();
      for (RequestStream s : t.streams()) {
        ArrivalPattern arrivals = s.arrivals();
        if (arrivals instanceof ArrivalPattern.Hourly h) {
          double[] rates = new double[ArrivalPattern.HOURS];
          for (int i = 0; i < rates.length; i++) {
            rates[i] = h.rate(i) * factor;
          }
          arrivals = ArrivalPattern.hourly(rates);
        }
        streams.add(
            new RequestStream(s.target(), arrivals, s.burstiness(), s.priorityMix(), s.timeout()));
      }
      tenants.add(new TenantWorkload(t.tenant(), streams));
    }
    return new Workload(tenants, workload.slos(), workload.seed());
  }

  /** Returns whether any stream of {@code workload} is a trace, which scaling leaves as it is. */
  public static boolean hasTraces(Workload workload) {
    return workload.tenants().stream()
        .flatMap(t -> t.streams().stream())
        .anyMatch(s -> s.arrivals() instanceof ArrivalPattern.Trace);
  }
}
