package io.medulla.bench;

import io.medulla.engine.InferenceEngine;
import io.medulla.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * G9's measurement of the host CPU one request costs outside the model, for the simulator's {@link
 * io.medulla.simulation.HostCpu}: the Java threads' CPU ({@link CpuMeter}) over open-loop runs at
 * moderate rates, minus the server's execution threads' (the model's executions). The JIT's and
 * GC's threads are left out (the whole process's CPU is reported beside): in the first runs they
 * burned more than half a core that did not follow the load and made the per-request figure a
 * matter of when it was taken.
 *
 * <p>Two rates, so that CPU the threads burn whatever the load (timers, polling) is not charged to
 * each request: with {@code y} the cores busy outside the model and {@code x} the requests answered
 * per second, the line through the two points gives the marginal cost per request (its slope) and
 * the background (its intercept). The simulator is given the marginal cost.
 *
 * @param points the runs, slowest first
 * @param marginalMicrosPerRequest the slope: host CPU per additional request
 * @param backgroundCores the intercept: host CPU per second at no load
 * @param cores the processors available to the JVM: the simulated host's cores
 */
record HostCpuCalibration(
    List<Point> points, double marginalMicrosPerRequest, double backgroundCores, int cores) {

  /** Creates a calibration; copies the points. */
  HostCpuCalibration {
    points = List.copyOf(points);
  }

  /**
   * One run.
   *
   * @param ratePerSecond the offered Poisson rate
   * @param use what it used (warm-up, window and drain)
   * @param load what the open loop saw (latency, dropped)
   */
  record Point(double ratePerSecond, CpuMeter.Use use, PoissonLoad.Result load) {}

  /** Runs {@code load} at each of {@code rates} and fits the line through them. */
  static HostCpuCalibration measure(
      PoissonLoad load,
      Ticker ticker,
      InferenceEngine engine,
      BenchModel model,
      List<Double> rates,
      Duration warmup,
      Duration window,
      long seed) {
    List<Point> points = new ArrayList<>();
    for (double rate : rates) {
      CpuMeter meter = CpuMeter.start(engine, model, ticker);
      PoissonLoad.Result r = load.run(rate, warmup, window, seed);
      points.add(new Point(rate, meter.stop(), r));
    }
    CpuMeter.Use low = points.get(0).use();
    CpuMeter.Use high = points.get(points.size() - 1).use();
    double dx = high.requestsPerSecond() - low.requestsPerSecond();
    double slope =
        dx > 0
            ? (high.hostCoresBusy() - low.hostCoresBusy()) / dx
            : high.hostMicrosPerRequest() / 1e6;
    double intercept = low.hostCoresBusy() - slope * low.requestsPerSecond();
    return new HostCpuCalibration(
        points, slope * 1e6, intercept, Runtime.getRuntime().availableProcessors());
  }
}
