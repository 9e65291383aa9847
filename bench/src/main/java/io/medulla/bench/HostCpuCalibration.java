package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelStatistics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * G9's measurement of the host CPU one request costs outside the model, for the simulator's {@link
 * io.medulla.simulation.HostCpu}: this process's CPU time (client, server, ONNX Runtime, JIT and GC
 * all live in it) over an open-loop run at a moderate rate, minus the model's own executions (the
 * server's statistics), divided by the requests the server answered.
 *
 * <p>The server counts {@code compute_infer} per request (each request of a batch adds its batch's
 * time), so the executions' time is that sum times executions over inferences: exact when a run's
 * batches are all one size, as they nearly are at a moderate rate (the mean batch size is
 * reported). An execution uses one core (one intra-op thread), so its wall time is its CPU time.
 *
 * @param ratePerSecond the offered Poisson rate
 * @param requests requests the server answered during the run (warm-up and drain included)
 * @param processCpuSeconds this process's CPU time over the run
 * @param executionSeconds the model's executions over the run
 * @param meanBatchSize inferences per execution over the run
 * @param hostMicrosPerRequest (process CPU − executions) / requests
 * @param cores the processors available to the JVM: the simulated host's cores
 * @param load what the open loop saw (latency, dropped)
 */
record HostCpuCalibration(
    double ratePerSecond,
    long requests,
    double processCpuSeconds,
    double executionSeconds,
    double meanBatchSize,
    double hostMicrosPerRequest,
    int cores,
    PoissonLoad.Result load) {

  /** Runs {@code load} at {@code rate} and measures; {@code model} is the served model. */
  static HostCpuCalibration measure(
      PoissonLoad load,
      InferenceEngine engine,
      BenchModel model,
      double rate,
      Duration warmup,
      Duration window,
      long seed) {
    requireNonNull(engine, "engine");
    ModelStatistics before = statistics(engine, model);
    long cpuBefore = processCpuNanos();
    PoissonLoad.Result r = load.run(rate, warmup, window, seed);
    long cpuAfter = processCpuNanos();
    ModelStatistics after = statistics(engine, model);
    long requests = after.success().count() - before.success().count();
    long inferences = after.inferenceCount() - before.inferenceCount();
    long executions = after.executionCount() - before.executionCount();
    long perRequestCompute = after.computeInfer().nanos() - before.computeInfer().nanos();
    double executionNanos =
        inferences > 0 ? perRequestCompute * (double) executions / inferences : 0;
    double cpuNanos = cpuAfter - cpuBefore;
    double hostMicros = requests > 0 ? (cpuNanos - executionNanos) / requests / 1e3 : 0;
    return new HostCpuCalibration(
        rate,
        requests,
        cpuNanos / 1e9,
        executionNanos / 1e9,
        executions > 0 ? (double) inferences / executions : 0,
        hostMicros,
        Runtime.getRuntime().availableProcessors(),
        r);
  }

  private static ModelStatistics statistics(InferenceEngine engine, BenchModel model) {
    List<ModelStatistics> all = engine.statistics(model.name(), model.version());
    if (all.isEmpty()) {
      throw new IllegalStateException(model.name() + ": the server reports no statistics");
    }
    return all.get(0);
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
