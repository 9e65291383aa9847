package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator against queueing theory, where theory has an exact answer. */
class SimulatorQueueingTest {
  /**
   * M/D/1: Poisson arrivals at λ = 50/s, one server, constant service D = 10 ms, so ρ = 0.5 and the
   * mean wait in queue is W = ρD / (2(1 − ρ)) = 5 ms (Pollaczek–Khinchine).
   *
   * <p>Tolerance 5%: half an hour is about 90,000 requests; the sample mean of M/D/1 waits at ρ =
   * 0.5 varied by about 1.3% (one standard deviation) between seeds over such runs, so 5% is about
   * four standard deviations, and the check stays meaningful (a scheduler that added even half a
   * millisecond per request would fail it). The seed is fixed, so the test cannot flake.
   */
  @Test
  void meanWaitMatchesTheMd1Formula() {
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("m", 1))
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(10)))
            .build();

    SimulationResult r =
        sim.run(
            SimFixtures.steady("m", 50, 7),
            new SimulationWindow(Duration.ZERO, Duration.ofMinutes(30)));

    double rho = 50 * 0.010;
    double expectedWaitMs = rho * 10 / (2 * (1 - rho));
    ModelStats m = r.byModel().get("m");
    assertThat(m.meanQueueWait().toNanos() / 1e6).isCloseTo(expectedWaitMs, within(0.05 * 5));
    // Latency is the wait plus the service time: nothing else adds time on the virtual clock.
    assertThat(r.overall().latency().mean().toNanos() / 1e6)
        .isCloseTo(expectedWaitMs + 10, within(0.05 * 5));
    assertThat(r.overall().latency().min()).isEqualTo(Duration.ofMillis(10));
    assertThat(m.utilisation()).isCloseTo(rho, within(0.02));
    assertThat(m.meanBatchSize()).isEqualTo(1.0);
    assertThat(r.overall().arrivalRate()).isCloseTo(50, within(1.0));
  }

  /** With more capacity than work and no waiting, each request takes exactly its service time. */
  @Test
  void anIdleServerAddsNoWait() {
    Simulator sim =
        Simulator.builder()
            .model(SimFixtures.unbatched("m", 64))
            .executionTimes(ExecutionTimes.constant(Duration.ofMillis(3)))
            .build();

    SimulationResult r = sim.run(SimFixtures.steady("m", 20, 3), SimulationWindow.hours(9, 1));

    assertThat(r.overall().latency().max()).isEqualTo(Duration.ofMillis(3));
    assertThat(r.byModel().get("m").meanQueueWait()).isEqualTo(Duration.ZERO);
  }
}
