package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arrivals as described: hourly rates shape each hour, traces replay exactly. */
class SimulatorArrivalsTest {
  private static Simulator simulator(boolean record) {
    return Simulator.builder()
        .model(SimFixtures.unbatched("m", 4))
        .executionTimes(ExecutionTimes.constant(Duration.ofMillis(2)))
        .recordRequests(record)
        .build();
  }

  /**
   * Rates of 5, 20, 0 and 10 per second over four hours. Poisson counts over an hour have a
   * relative standard deviation of 1/√(rate × 3600), at most 0.75% here, so 4% is over five of
   * them.
   */
  @Test
  void hourlyRatesShapeEachHoursThroughput() {
    double[] rates = new double[24];
    rates[0] = 5;
    rates[1] = 20;
    rates[2] = 0;
    rates[3] = 10;
    Workload w =
        Workload.of(
            8, TenantWorkload.of("clinic", RequestStream.of("m", ArrivalPattern.hourly(rates))));

    SimulationResult r = simulator(false).run(w, SimulationWindow.hours(0, 4));

    assertThat(r.hours()).hasSize(4);
    for (HourlyResult h : r.hours()) {
      double rate = rates[h.hourOfDay()];
      assertThat(h.length()).isEqualTo(Duration.ofHours(1));
      assertThat(h.overall().throughput()).isCloseTo(rate, within(0.04 * rate));
      assertThat(h.overall().arrivalRate()).isCloseTo(rate, within(0.04 * rate));
      // Utilisation follows the rate: 2 ms per request over four instances.
      assertThat(h.byModel().get("m").utilisation()).isCloseTo(rate * 0.002 / 4, within(0.002));
    }
    assertThat(r.hours().get(2).overall().arrived()).isZero();
  }

  @Test
  void burstyArrivalsKeepTheHourlyMean() {
    Workload w =
        Workload.of(
            8,
            TenantWorkload.of(
                "clinic",
                RequestStream.of("m", ArrivalPattern.constant(30))
                    .withBurstiness(Burstiness.gamma(3))));

    SimulationResult r = simulator(false).run(w, SimulationWindow.hours(10, 2));

    // Counts of a renewal process vary cv² times as much as Poisson: 3/√108000 ≈ 0.9% per hour.
    for (HourlyResult h : r.hours()) {
      assertThat(h.overall().arrivalRate()).isCloseTo(30, within(30 * 0.05));
    }
  }

  @Test
  void aTraceReplaysExactly() {
    List<Duration> offsets =
        List.of(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMinutes(37).plusNanos(123),
            Duration.ofHours(1).minusNanos(1),
            Duration.ofHours(1),
            Duration.ofMinutes(150));
    Workload w =
        Workload.of(
            1, TenantWorkload.of("clinic", RequestStream.of("m", ArrivalPattern.trace(offsets))));

    SimulationResult first = simulator(true).run(w, SimulationWindow.hours(0, 1));
    SimulationResult later = simulator(true).run(w, SimulationWindow.hours(1, 2));

    assertThat(arrivals(first)).isEqualTo(offsets.subList(0, 5));
    assertThat(arrivals(later)).containsExactly(Duration.ZERO, Duration.ofMinutes(90));
    assertThat(first.requests()).allMatch(q -> q.outcome() == Outcome.COMPLETED);
    assertThat(first.requests()).allMatch(q -> q.latency().compareTo(Duration.ofMillis(2)) >= 0);
    assertThat(first.overall().arrived()).isEqualTo(5);
  }

  @Test
  void aWindowOffTheHourHasPartialHours() {
    SimulationWindow w =
        new SimulationWindow(Duration.ofMinutes(8 * 60 + 45), Duration.ofMinutes(30));
    SimulationResult r = simulator(false).run(SimFixtures.steady("m", 10, 2), w);

    assertThat(r.hours()).extracting(HourlyResult::hourOfDay).containsExactly(8, 9);
    assertThat(r.hours())
        .extracting(HourlyResult::length)
        .containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(15));
    assertThat(r.hours().get(1).start()).isEqualTo(Duration.ofMinutes(15));
    assertThat(r.queueSamples().get("m")).hasSize(30);
  }

  @Test
  void aWindowPastMidnightWrapsTheHourlyRates() {
    double[] rates = new double[24];
    rates[23] = 10;
    rates[0] = 30;
    Workload w =
        Workload.of(
            3, TenantWorkload.of("clinic", RequestStream.of("m", ArrivalPattern.hourly(rates))));

    SimulationResult r = simulator(false).run(w, SimulationWindow.hours(23, 2));

    assertThat(r.hours()).extracting(HourlyResult::hourOfDay).containsExactly(23, 0);
    assertThat(r.hours().get(0).overall().arrivalRate()).isCloseTo(10, within(0.5));
    assertThat(r.hours().get(1).overall().arrivalRate()).isCloseTo(30, within(1.0));
  }

  private static List<Duration> arrivals(SimulationResult r) {
    List<Duration> out = new ArrayList<>();
    for (RequestRecord q : r.requests()) {
      out.add(q.arrival());
    }
    return out;
  }
}
