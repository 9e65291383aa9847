package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final RequestStream STREAM = RequestStream.of("ct", ArrivalPattern.constant(1));

  @Test
  void classNamesAreClinicalNamesOrLevelsInLowerCase() {
    RequestStream s = STREAM.withPriorityMix(Map.of("STAT", 0.25, "Routine", 0.5, "6", 0.25));
    Workload w =
        Workload.of(1, TenantWorkload.of("a", s))
            .withSlo("Stat", ClassSlo.p99(Duration.ofSeconds(1)));

    assertThat(s.priorityMix()).containsOnlyKeys("6", "routine", "stat");
    assertThat(w.priorityClasses()).containsExactly("6", "routine", "stat");
    assertThat(w.sloOf("STAT")).isNotNull();
    assertThat(PriorityClassNames.levelOf("stat")).isEqualTo(1);
    assertThat(PriorityClassNames.levelOf("bulk")).isEqualTo(4);
    assertThat(PriorityClassNames.levelOf("6")).isEqualTo(6);
  }

  @Test
  void unknownClassesAreRefused() {
    assertThatThrownBy(() -> STREAM.withPriorityMix(Map.of("asap", 1.0)))
        .hasMessageContaining("priority class 'asap' (expected: stat, urgent, routine, bulk");
    assertThatThrownBy(() -> STREAM.withPriorityMix(Map.of("0", 1.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> STREAM.withPriorityMix(Map.of("stat", 0.5, "STAT", 0.5)))
        .hasMessageContaining("appears twice");
  }

  @Test
  void sharesMustAddUpToOne() {
    assertThatThrownBy(() -> STREAM.withPriorityMix(Map.of("stat", 0.5, "routine", 0.6)))
        .hasMessageContaining("shares add up to 1.1");
    assertThatThrownBy(() -> STREAM.withPriorityMix(Map.of()))
        .hasMessageContaining("priorityMix: empty");
    assertThatThrownBy(() -> STREAM.withPriorityMix(Map.of("stat", -0.5, "routine", 1.5)))
        .hasMessageContaining("expected: 0 to 1");
    assertThat(STREAM.withPriorityMix(Map.of("stat", 0.1, "urgent", 0.2, "routine", 0.7)))
        .isNotNull();
  }

  @Test
  void hourlyRatesNeedTwentyFourFiniteRates() {
    assertThatThrownBy(() -> ArrivalPattern.hourly(1, 2, 3))
        .hasMessageContaining("3 rates (expected: 24");
    Double[] rates = new Double[24];
    java.util.Arrays.fill(rates, 1.0);
    rates[7] = Double.NaN;
    assertThatThrownBy(() -> new ArrivalPattern.Hourly(List.of(rates)))
        .hasMessageContaining("hour 7 has NaN");
    assertThat(ArrivalPattern.constant(2).requestsPerDay()).isEqualTo(2 * 86_400.0);
  }

  @Test
  void tracesAreKeptInTimeOrder() {
    ArrivalPattern.Trace t =
        ArrivalPattern.trace(List.of(Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(3)));

    assertThat(t.offsets())
        .containsExactly(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(3));
    assertThatThrownBy(() -> ArrivalPattern.trace(List.of(Duration.ofSeconds(-1))))
        .hasMessageContaining("expected: >= 0");
  }

  @Test
  void burstinessIsBounded() {
    assertThat(Burstiness.poisson().coefficientOfVariation()).isEqualTo(1);
    assertThat(((Burstiness.Gamma) Burstiness.gamma(2)).shape()).isEqualTo(0.25);
    assertThatThrownBy(() -> Burstiness.gamma(0)).hasMessageContaining("coefficientOfVariation");
    assertThatThrownBy(() -> Burstiness.gamma(21)).hasMessageContaining("<= 20");
  }

  @Test
  void tenantsAreNamedOnceAndHaveStreams() {
    assertThatThrownBy(
            () -> Workload.of(1, TenantWorkload.of("a", STREAM), TenantWorkload.of("a", STREAM)))
        .hasMessageContaining("'a' appears twice");
    assertThatThrownBy(() -> Workload.of(1)).hasMessageContaining("tenants: none");
    assertThatThrownBy(() -> new TenantWorkload("a", Collections.emptyList()))
        .hasMessageContaining("a: streams: none");
    assertThatThrownBy(() -> TenantWorkload.of("", STREAM)).hasMessageContaining("tenant: empty");
  }

  @Test
  void streamsAndObjectivesAreChecked() {
    assertThatThrownBy(() -> STREAM.withTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("ct: timeout");
    assertThatThrownBy(() -> RequestStream.of("", ArrivalPattern.constant(1)))
        .hasMessageContaining("target: empty");
    assertThatThrownBy(() -> new ClassSlo(Duration.ZERO, 0.99)).hasMessageContaining("latency");
    assertThatThrownBy(() -> new ClassSlo(Duration.ofSeconds(1), 1))
        .hasMessageContaining("percentile");
    assertThat(STREAM.hasTimeout()).isFalse();
  }

  @Test
  void targetsAreListedOnceSorted() {
    Workload w =
        Workload.of(
            1,
            TenantWorkload.of("b", STREAM, RequestStream.of("ab", ArrivalPattern.constant(1))),
            TenantWorkload.of("a", STREAM));

    assertThat(w.targets()).containsExactly("ab", "ct");
  }

  @Test
  void windowsCoverClockHours() {
    assertThat(SimulationWindow.day().hourCount()).isEqualTo(24);
    assertThat(SimulationWindow.hours(22, 4).hourCount()).isEqualTo(4);
    SimulationWindow w = new SimulationWindow(Duration.ofMinutes(90), Duration.ofMinutes(60));
    assertThat(w.hourCount()).isEqualTo(2);
    assertThat(w.hourOfDay(1)).isEqualTo(2);
    assertThat(w.hourIndex(Duration.ofMinutes(29).toNanos())).isZero();
    assertThat(w.hourIndex(Duration.ofMinutes(30).toNanos())).isEqualTo(1);
    assertThat(w.toString()).isEqualTo("01:30:00+PT1H");
    assertThatThrownBy(() -> new SimulationWindow(Duration.ofHours(24), Duration.ofHours(1)))
        .hasMessageContaining("start");
    assertThatThrownBy(() -> new SimulationWindow(Duration.ZERO, Duration.ofDays(32)))
        .hasMessageContaining("length");
  }
}
