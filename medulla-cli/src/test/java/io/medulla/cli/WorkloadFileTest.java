package io.medulla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medulla.simulation.ArrivalPattern;
import io.medulla.simulation.Burstiness;
import io.medulla.simulation.ClassSlo;
import io.medulla.simulation.RequestStream;
import io.medulla.simulation.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workload file: the example reads, and each kind of mistake names where it is. */
class WorkloadFileTest {
  private static final String GOOD =
      """
      seed: 3
      slos:
        stat: {latency: 250ms, percentile: 0.99}
        routine: {latency: 5s}
      tenants:
        st-marys:
          - target: clinical_triage
            rates_per_second: {default: 2, 8-11: 12, 14: 4}
            burstiness: 1.5
            priority_mix: {stat: 0.25, routine: 0.75}
            timeout: 30s
        northside-clinic:
          - target: note_encoder
            trace_seconds: [0, 1.5, 3600]
      """;

  @Test
  void readsTenantsStreamsRatesBurstinessMixAndSlos() {
    Workload w = WorkloadFile.parse("w.yaml", GOOD);

    assertThat(w.seed()).isEqualTo(3);
    assertThat(w.sloOf("stat")).isEqualTo(ClassSlo.p99(Duration.ofMillis(250)));
    // The percentile defaults to 0.99.
    assertThat(w.sloOf("routine")).isEqualTo(new ClassSlo(Duration.ofSeconds(5), 0.99));
    assertThat(w.tenants())
        .extracting(t -> t.tenant())
        .containsExactly("st-marys", "northside-clinic");
    RequestStream triage = w.tenants().get(0).streams().get(0);
    ArrivalPattern.Hourly rates = (ArrivalPattern.Hourly) triage.arrivals();
    assertThat(rates.rate(0)).isEqualTo(2.0);
    assertThat(rates.rate(8)).isEqualTo(12.0);
    assertThat(rates.rate(11)).isEqualTo(12.0);
    assertThat(rates.rate(12)).isEqualTo(2.0);
    assertThat(rates.rate(14)).isEqualTo(4.0);
    assertThat(triage.burstiness()).isEqualTo(Burstiness.gamma(1.5));
    assertThat(triage.priorityMix()).containsEntry("stat", 0.25).containsEntry("routine", 0.75);
    assertThat(triage.timeout()).isEqualTo(Duration.ofSeconds(30));
    RequestStream notes = w.tenants().get(1).streams().get(0);
    assertThat(notes.burstiness()).isEqualTo(Burstiness.poisson());
    assertThat(notes.priorityMix()).containsOnlyKeys("routine");
    assertThat(((ArrivalPattern.Trace) notes.arrivals()).offsets())
        .containsExactly(Duration.ZERO, Duration.ofMillis(1500), Duration.ofHours(1));
  }

  @Test
  void readsTheExampleWorkload() {
    Workload w = WorkloadFile.read(Path.of("..", "examples", "workload.yaml"));

    assertThat(w.tenants()).extracting(t -> t.tenant()).contains("st-marys", "northside-clinic");
    assertThat(w.targets()).contains("clinical_triage");
    assertThat(w.priorityClasses()).contains("stat", "urgent", "routine");
  }

  @Test
  void aListOfRatesNeedsTwentyFour() {
    assertThatThrownBy(() -> parse("rates_per_second: [1, 2, 3]"))
        .hasMessageContaining("w.yaml: tenants.st-marys[0] (clinical_triage).rates_per_second")
        .hasMessageContaining("3 rates (expected: 24");
  }

  @Test
  void mistakesNameTheFileTenantStreamAndField() {
    List.of(
            new String[] {"rates_per_second: {default: -1}", ".rates_per_second.default: -1.0"},
            new String[] {"rates_per_second: {25: 1}", "key '25'"},
            new String[] {"rates_per_second: {default: fast}", "'fast' (expected: a number)"},
            new String[] {"rates_per_second: [1]\n      rate: 2", "unknown key 'rate'"},
            new String[] {"trace_seconds: [1]\n      rates_per_second: [1]", "exactly one of"},
            new String[] {
              "rates_per_second: {default: 1}\n      burstiness: lumpy", "burstiness: 'lumpy'"
            },
            new String[] {"rates_per_second: {default: 1}\n      timeout: soon", "timeout: 'soon'"},
            new String[] {
              "rates_per_second: {default: 1}\n      priority_mix: {stat: 0.5}", "add up to 0.5"
            })
        .forEach(
            c ->
                assertThatThrownBy(() -> parse(c[0]))
                    .as(c[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("w.yaml: tenants.st-marys[0]")
                    .hasMessageContaining(c[1]));
  }

  @Test
  void topLevelAndSloMistakesAreNamed() {
    assertThatThrownBy(() -> WorkloadFile.parse("w.yaml", "tenant: {}"))
        .hasMessage("w.yaml: unknown key 'tenant' (expected: one of [seed, slos, tenants])");
    assertThatThrownBy(() -> WorkloadFile.parse("w.yaml", "seed: 1"))
        .hasMessageContaining("w.yaml: tenants: missing");
    assertThatThrownBy(
            () ->
                WorkloadFile.parse(
                    "w.yaml", "slos: {stat: {latency: 1s, percentile: 2}}\ntenants: {}"))
        .hasMessageContaining("w.yaml: slos.stat: percentile: 2.0");
    assertThatThrownBy(() -> WorkloadFile.parse("w.yaml", "tenants: [a\n"))
        .hasMessageContaining("w.yaml: is not valid YAML");
    assertThatThrownBy(() -> WorkloadFile.parse("w.yaml", "tenants: {a: []}"))
        .hasMessageContaining("w.yaml: tenants.a: '[]' (expected: a list of streams)");
  }

  private static Workload parse(String streamBody) {
    return WorkloadFile.parse(
        "w.yaml",
        "tenants:\n  st-marys:\n    - target: clinical_triage\n      " + streamBody + "\n");
  }
}
