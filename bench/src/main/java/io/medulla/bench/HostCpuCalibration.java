package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelStatistics;
import io.medulla.time.Ticker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * G9's measurement of the host CPU one request costs outside the model, for the simulator's {@link
 * io.medulla.simulation.HostCpu}: the CPU time of this process's Java threads (client, server, and
 * ONNX Runtime, which runs on the calling thread) over open-loop runs at moderate rates, minus the
 * model's own executions (the server's statistics). The JIT's and GC's threads are left out (the
 * whole process's CPU is reported beside): in the first runs they burned more than half a core that
 * did not follow the load and made the per-request figure a matter of when it was taken.
 *
 * <p>Two rates, so that CPU the process burns whatever the load (compilation, timers, polling) is
 * not charged to each request: with {@code y} the host CPU per second (cores busy outside the
 * model) and {@code x} the requests answered per second, the line through the two points gives the
 * marginal cost per request (its slope) and the background (its intercept). The simulator is given
 * the marginal cost.
 *
 * <p>The server counts {@code compute_infer} per request (each request of a batch adds its batch's
 * time), so the executions' time is that sum times executions over inferences: exact when a run's
 * batches are all one size, as they nearly are at a moderate rate (the mean batch size is
 * reported). An execution uses one core (one intra-op thread), so its wall time is its CPU time.
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
   * @param seconds how long the run took (warm-up, window and drain)
   * @param requests requests the server answered in it
   * @param processCpuSeconds this process's CPU time over it (JIT and GC included)
   * @param javaThreadCpuSeconds the CPU time of its Java threads (client, server, and ONNX Runtime,
   *     which runs on the calling thread with one intra-op thread); JIT and GC threads left out
   * @param executionSeconds the model's executions over it
   * @param meanBatchSize inferences per execution
   * @param hostMicrosPerRequest (Java threads' CPU − executions) / requests: the average cost,
   *     background included
   * @param load what the open loop saw (latency, dropped)
   */
  record Point(
      double ratePerSecond,
      double seconds,
      long requests,
      double processCpuSeconds,
      double javaThreadCpuSeconds,
      double executionSeconds,
      double meanBatchSize,
      double hostMicrosPerRequest,
      PoissonLoad.Result load) {
    double requestsPerSecond() {
      return requests / seconds;
    }

    double hostCoresBusy() {
      return (javaThreadCpuSeconds - executionSeconds) / seconds;
    }
  }

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
    requireNonNull(engine, "engine");
    List<Point> points = new ArrayList<>();
    for (double rate : rates) {
      points.add(point(load, ticker, engine, model, rate, warmup, window, seed));
    }
    Point low = points.get(0);
    Point high = points.get(points.size() - 1);
    double dx = high.requestsPerSecond() - low.requestsPerSecond();
    double slope =
        dx > 0
            ? (high.hostCoresBusy() - low.hostCoresBusy()) / dx
            : high.hostMicrosPerRequest() / 1e6;
    double intercept = low.hostCoresBusy() - slope * low.requestsPerSecond();
    return new HostCpuCalibration(
        points, slope * 1e6, intercept, Runtime.getRuntime().availableProcessors());
  }

  private static Point point(
      PoissonLoad load,
      Ticker ticker,
      InferenceEngine engine,
      BenchModel model,
      double rate,
      Duration warmup,
      Duration window,
      long seed) {
    ModelStatistics before = statistics(engine, model);
    long cpuBefore = processCpuNanos();
    Map<Long, Long> threadsBefore = javaThreadCpuNanos();
    long start = ticker.nanos();
    PoissonLoad.Result r = load.run(rate, warmup, window, seed);
    long elapsed = ticker.nanos() - start;
    long cpuAfter = processCpuNanos();
    Map<Long, Long> threadsAfter = javaThreadCpuNanos();
    long threadNanos = 0;
    for (Map.Entry<Long, Long> e : threadsAfter.entrySet()) {
      threadNanos += e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L);
    }
    ModelStatistics after = statistics(engine, model);
    long requests = after.success().count() - before.success().count();
    long inferences = after.inferenceCount() - before.inferenceCount();
    long executions = after.executionCount() - before.executionCount();
    long perRequestCompute = after.computeInfer().nanos() - before.computeInfer().nanos();
    double executionNanos =
        inferences > 0 ? perRequestCompute * (double) executions / inferences : 0;
    double cpuNanos = cpuAfter - cpuBefore;
    return new Point(
        rate,
        elapsed / 1e9,
        requests,
        cpuNanos / 1e9,
        threadNanos / 1e9,
        executionNanos / 1e9,
        executions > 0 ? (double) inferences / executions : 0,
        requests > 0 ? (threadNanos - executionNanos) / requests / 1e3 : 0,
        r);
  }

  private static ModelStatistics statistics(InferenceEngine engine, BenchModel model) {
    List<ModelStatistics> all = engine.statistics(model.name(), model.version());
    if (all.isEmpty()) {
      throw new IllegalStateException(model.name() + ": the server reports no statistics");
    }
    return all.get(0);
  }

  /**
   * Each live Java thread's CPU time, by id. A thread that ends between two readings loses its
   * time; the server's and client's threads are pools that live through the run.
   */
  private static Map<Long, Long> javaThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      if (nanos >= 0) {
        out.put(id, nanos);
      }
    }
    return out;
  }

  /** This JVM's CPU time (every thread, including the JIT, GC and ONNX Runtime's own). */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report its process CPU time");
  }
}
