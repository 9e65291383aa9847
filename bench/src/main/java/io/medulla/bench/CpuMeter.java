package io.medulla.bench;

import static java.util.Objects.requireNonNull;

import io.medulla.engine.InferenceEngine;
import io.medulla.engine.ModelStatistics;
import io.medulla.time.Ticker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the CPU this process spends while the served model answers requests, for G9's host CPU
 * model: the whole process's CPU time, its Java threads' (client, server, and ONNX Runtime, which
 * runs on the calling thread with one intra-op thread; JIT and GC threads left out), and the CPU of
 * the server's execution threads ({@code medulla-exec-*}, which run the batches: the model and the
 * batch's own assembly), which is what is subtracted as the model's. The model's executions from
 * the server's statistics are reported beside; they are wall time, which on a shared machine
 * includes time the thread was not running, so they are not subtracted.
 *
 * <p>The server counts {@code compute_infer} per request (each request of a batch adds its batch's
 * time), so the executions' time is that sum times executions over inferences: exact when the
 * batches are all one size, close when they nearly are (the mean batch size is reported). An
 * execution uses one core (one intra-op thread), so its wall time is its CPU time.
 */
final class CpuMeter {
  /** The name prefix of the server's execution threads (MedullaServer's execution pool). */
  private static final String EXECUTION_THREADS = "medulla-exec-";

  /**
   * What one interval used.
   *
   * @param seconds its wall time
   * @param requests requests the server answered in it
   * @param processCpuSeconds the process's CPU time (JIT and GC included)
   * @param javaThreadCpuSeconds its Java threads' CPU time
   * @param executionThreadCpuSeconds the CPU time of the server's execution threads
   * @param executionSeconds the model's executions from the server's statistics (wall time)
   * @param meanBatchSize inferences per execution
   * @param hostMicrosPerRequest (Java threads' CPU − execution threads' CPU) / requests: the
   *     average CPU one request costs outside the model, background included
   * @param machineCoresBusy the whole machine's busy cores (every process; {@code /proc/stat}), or
   *     NaN where it cannot be read: beside {@link #processCoresBusy}, what others took
   * @param busiestThread the Java thread that used the most CPU, with its cores busy (a single
   *     thread near one core would be a bottleneck of its own)
   */
  record Use(
      double seconds,
      long requests,
      double processCpuSeconds,
      double javaThreadCpuSeconds,
      double executionThreadCpuSeconds,
      double executionSeconds,
      double meanBatchSize,
      double hostMicrosPerRequest,
      double machineCoresBusy,
      String busiestThread) {
    /** Returns requests answered per second. */
    double requestsPerSecond() {
      return seconds > 0 ? requests / seconds : 0;
    }

    /** Returns the cores the Java threads kept busy outside the model. */
    double hostCoresBusy() {
      return seconds > 0 ? (javaThreadCpuSeconds - executionThreadCpuSeconds) / seconds : 0;
    }

    /** Returns the cores the whole process kept busy. */
    double processCoresBusy() {
      return seconds > 0 ? processCpuSeconds / seconds : 0;
    }
  }

  private final InferenceEngine engine;
  private final BenchModel model;
  private final Ticker ticker;
  private final ModelStatistics statisticsBefore;
  private final long processBefore;
  private final Map<Long, Long> threadsBefore;
  private final Map<Long, Long> executionThreadsBefore;
  private final long @Nullable [] machineBefore;
  private final long startNanos;

  private CpuMeter(InferenceEngine engine, BenchModel model, Ticker ticker) {
    this.engine = engine;
    this.model = model;
    this.ticker = ticker;
    this.statisticsBefore = statistics(engine, model);
    this.processBefore = processCpuNanos();
    this.threadsBefore = javaThreadCpuNanos(false);
    this.executionThreadsBefore = javaThreadCpuNanos(true);
    this.machineBefore = machineTicks();
    this.startNanos = ticker.nanos();
  }

  /** Starts reading now. */
  static CpuMeter start(InferenceEngine engine, BenchModel model, Ticker ticker) {
    return new CpuMeter(
        requireNonNull(engine, "engine"),
        requireNonNull(model, "model"),
        requireNonNull(ticker, "ticker"));
  }

  /** Returns what was used since {@link #start}. */
  Use stop() {
    long elapsed = ticker.nanos() - startNanos;
    long process = processCpuNanos() - processBefore;
    long[] machine = machineTicks();
    Map<Long, Long> threadsNow = javaThreadCpuNanos(false);
    long threads = since(threadsNow, threadsBefore);
    long executionThreads = since(javaThreadCpuNanos(true), executionThreadsBefore);
    ModelStatistics after = statistics(engine, model);
    long requests = after.success().count() - statisticsBefore.success().count();
    long inferences = after.inferenceCount() - statisticsBefore.inferenceCount();
    long executions = after.executionCount() - statisticsBefore.executionCount();
    long perRequestCompute = after.computeInfer().nanos() - statisticsBefore.computeInfer().nanos();
    double executionNanos =
        inferences > 0 ? perRequestCompute * (double) executions / inferences : 0;
    return new Use(
        elapsed / 1e9,
        requests,
        process / 1e9,
        threads / 1e9,
        executionThreads / 1e9,
        executionNanos / 1e9,
        executions > 0 ? (double) inferences / executions : 0,
        requests > 0 ? (threads - executionThreads) / requests / 1e3 : 0,
        machineCoresBusy(machineBefore, machine),
        busiest(threadsNow, threadsBefore, elapsed));
  }

  /** Returns the busiest thread's name and cores, e.g. {@code armeria-common-worker-1: 0.93}. */
  private static String busiest(Map<Long, Long> now, Map<Long, Long> before, long elapsed) {
    long bestId = -1;
    long best = -1;
    for (Map.Entry<Long, Long> e : now.entrySet()) {
      long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (used > best) {
        best = used;
        bestId = e.getKey();
      }
    }
    ThreadInfo info = bestId < 0 ? null : ManagementFactory.getThreadMXBean().getThreadInfo(bestId);
    String name = info == null ? "?" : info.getThreadName();
    return String.format(Locale.ROOT, "%s: %.2f", name, elapsed > 0 ? best / (double) elapsed : 0);
  }

  /** Returns {busy, total} jiffies of every CPU from {@code /proc/stat}, or null off Linux. */
  private static long @Nullable [] machineTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double machineCoresBusy(long @Nullable [] before, long @Nullable [] after) {
    if (before == null || after == null || after[1] <= before[1]) {
      return Double.NaN;
    }
    return (after[0] - before[0])
        / (double) (after[1] - before[1])
        * Runtime.getRuntime().availableProcessors();
  }

  private static long since(Map<Long, Long> now, Map<Long, Long> before) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : now.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
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
   * time; the server's and client's threads are pools that live through a run.
   */
  private static Map<Long, Long> javaThreadCpuNanos(boolean executionThreadsOnly) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      if (executionThreadsOnly) {
        ThreadInfo info = threads.getThreadInfo(id);
        if (info == null || !info.getThreadName().startsWith(EXECUTION_THREADS)) {
          continue;
        }
      }
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
