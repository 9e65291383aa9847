package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.medulla.time.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark's clinical day, small enough for every build. */
class SimulationBenchTest {
  /**
   * A whole day at a peak of 10/s is about 470,000 requests (a third of them two-step graphs); it
   * takes a second or two. The timeout is a loose guard against a simulator that became quadratic,
   * not a benchmark (see the README for measured speeds).
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aWholeDayRunsWithEveryHourAccounted() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    SimulationResult r =
        SimulationBench.run(
            5,
            1,
            SimulationWindow.day(),
            new ManualTicker(),
            new PrintStream(text, true, StandardCharsets.UTF_8));

    assertThat(r.overall().arrived()).isGreaterThan(200_000);
    assertThat(r.overall().completed()).isEqualTo(r.overall().arrived());
    assertThat(r.hours()).hasSize(24);
    assertThat(r.queueSamples().get("ct_detect")).hasSize(24 * 60);
    // The day's shape: 10% of the peak at 3:00, all of it at 10:00.
    double night = r.hours().get(3).byTarget().get("xray_classify").arrivalRate();
    double day = r.hours().get(10).byTarget().get("xray_classify").arrivalRate();
    assertThat(day / night).isBetween(8.0, 12.0);
    assertThat(r.meetsSlos()).isTrue();
    assertThat(text.toString(StandardCharsets.UTF_8)).contains("µs per request");
  }
}
