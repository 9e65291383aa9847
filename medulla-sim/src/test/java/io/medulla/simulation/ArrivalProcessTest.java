package io.medulla.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalProcessTest {
  private static final SimulationWindow HOUR = SimulationWindow.hours(0, 1);

  private static List<Long> arrivals(
      ArrivalPattern p, Burstiness b, SimulationWindow w, long seed) {
    ArrivalProcess process = ArrivalProcess.of(p, b, w, new SplittableRandom(seed));
    List<Long> out = new ArrayList<>();
    for (long t = process.next(); t != ArrivalProcess.NONE; t = process.next()) {
      out.add(t);
    }
    return out;
  }

  /** Returns the mean (in seconds) and the coefficient of variation of the gaps. */
  private static double[] gapStatistics(List<Long> arrivals) {
    double sum = 0;
    double sumSq = 0;
    int n = arrivals.size() - 1;
    for (int i = 1; i < arrivals.size(); i++) {
      double gap = (arrivals.get(i) - arrivals.get(i - 1)) / 1e9;
      sum += gap;
      sumSq += gap * gap;
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    return new double[] {mean, sd / mean};
  }

  /**
   * 360,000 gaps: the sample CV of exponential gaps has a standard error near 0.2%, of gamma gaps
   * with CV 3 near 2% (heavy right tail), so the tolerances are over four of them.
   */
  @Test
  void gapsHaveTheRequestedMeanAndVariation() {
    ArrivalPattern rate = ArrivalPattern.constant(100);

    double[] poisson = gapStatistics(arrivals(rate, Burstiness.poisson(), HOUR, 1));
    double[] regular = gapStatistics(arrivals(rate, Burstiness.gamma(0.5), HOUR, 2));
    double[] bursty = gapStatistics(arrivals(rate, Burstiness.gamma(3), HOUR, 3));

    assertThat(poisson[0]).isCloseTo(0.01, within(0.0002));
    assertThat(poisson[1]).isCloseTo(1.0, within(0.01));
    assertThat(regular[0]).isCloseTo(0.01, within(0.0002));
    assertThat(regular[1]).isCloseTo(0.5, within(0.01));
    assertThat(bursty[0]).isCloseTo(0.01, within(0.0006));
    assertThat(bursty[1]).isCloseTo(3.0, within(0.3));
  }

  @Test
  void arrivalsAreOrderedAndInsideTheWindow() {
    SimulationWindow w = new SimulationWindow(Duration.ofMinutes(30), Duration.ofMinutes(20));
    List<Long> out = arrivals(ArrivalPattern.constant(50), Burstiness.gamma(4), w, 9);

    assertThat(out).isSorted();
    assertThat(out.get(0)).isNotNegative();
    assertThat(out.get(out.size() - 1)).isLessThan(w.length().toNanos());
  }

  @Test
  void rateChangesTakeEffectAtTheHour() {
    double[] rates = new double[24];
    rates[0] = 1;
    rates[1] = 100;
    List<Long> out =
        arrivals(
            ArrivalPattern.hourly(rates), Burstiness.poisson(), SimulationWindow.hours(0, 2), 4);

    long hour = Duration.ofHours(1).toNanos();
    long first = out.stream().filter(t -> t < hour).count();
    long second = out.size() - first;
    assertThat(first).isBetween(3600L - 300, 3600L + 300);
    assertThat(second).isBetween(360_000L - 3000, 360_000L + 3000);
  }

  @Test
  void silentHoursHaveNoArrivals() {
    double[] rates = new double[24];
    rates[5] = 10;
    List<Long> out =
        arrivals(ArrivalPattern.hourly(rates), Burstiness.poisson(), SimulationWindow.day(), 4);

    assertThat(out).allMatch(t -> t >= Duration.ofHours(5).toNanos());
    assertThat(out).allMatch(t -> t < Duration.ofHours(6).toNanos());
    assertThat(arrivals(ArrivalPattern.constant(0), Burstiness.poisson(), HOUR, 1)).isEmpty();
  }

  @Test
  void theSameSeedDrawsTheSameArrivals() {
    ArrivalPattern p = ArrivalPattern.constant(20);

    assertThat(arrivals(p, Burstiness.gamma(2), HOUR, 5))
        .isEqualTo(arrivals(p, Burstiness.gamma(2), HOUR, 5))
        .isNotEqualTo(arrivals(p, Burstiness.gamma(2), HOUR, 6));
  }

  @Test
  void aTraceSkipsWhatFallsOutsideTheWindow() {
    ArrivalPattern trace =
        ArrivalPattern.trace(
            List.of(Duration.ofMinutes(70), Duration.ofMinutes(5), Duration.ofMinutes(65)));
    SimulationWindow w = new SimulationWindow(Duration.ofMinutes(60), Duration.ofMinutes(10));

    assertThat(arrivals(trace, Burstiness.gamma(5), w, 1))
        .containsExactly(Duration.ofMinutes(5).toNanos());
  }
}
