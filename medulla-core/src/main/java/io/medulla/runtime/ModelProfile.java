package io.medulla.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What one model version costs on one machine, measured by {@code medulla profile}: how long it
 * takes to load and warm up, how much memory it holds, and how long a batch takes to execute by
 * batch size and instance count. Capacity planning (the simulator, the bin-packer) reads it.
 *
 * <p>Pure data: the file format lives with the code that reads and writes it.
 *
 * @param model the model name
 * @param version the model version
 * @param platform the platform that ran it, as in "onnxruntime_onnx"
 * @param sha256 the lower-case hex SHA-256 of the model file, to tell a stale profile
 * @param maxBatchSize the model's {@code max_batch_size}; 0 when it has no batch dimension
 * @param settings the runtime settings and the machine the numbers were measured with
 * @param loadNanos the repository's load time for {@code loadedInstances} instances
 * @param warmupNanos the repository's warm-up time for {@code loadedInstances} instances
 * @param memoryBytes the footprint of {@code loadedInstances} instances (declared or measured)
 * @param device where the memory lives: {@code "host"} or {@code "gpu<N>"}
 * @param loadedInstances the instance count the load figures are for (the configured count)
 * @param points the execution-time measurements, at most one per batch size and instance count,
 *     sorted by batch size, then instance count
 */
public record ModelProfile(
    String model,
    long version,
    String platform,
    String sha256,
    int maxBatchSize,
    Settings settings,
    long loadNanos,
    long warmupNanos,
    long memoryBytes,
    String device,
    int loadedInstances,
    List<Point> points) {

  private static final OptionalLong NO_LONG = OptionalLong.empty();
  private static final Comparator<Point> ORDER =
      Comparator.comparingInt(Point::batchSize).thenComparingInt(Point::instances);

  /** Creates a profile; validates every field and sorts the points. */
  public ModelProfile {
    requireNonNull(model, "model");
    if (model.isEmpty()) {
      throw new IllegalArgumentException("model: empty");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version: " + version + " (expected: >= 1)");
    }
    requireNonNull(platform, "platform");
    requireNonNull(sha256, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "sha256: '" + sha256 + "' (expected: 64 lower-case hex digits)");
    }
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("maxBatchSize: " + maxBatchSize + " (expected: >= 0)");
    }
    requireNonNull(settings, "settings");
    nonNegative("loadNanos", loadNanos);
    nonNegative("warmupNanos", warmupNanos);
    nonNegative("memoryBytes", memoryBytes);
    requireNonNull(device, "device");
    if (loadedInstances < 1) {
      throw new IllegalArgumentException(
          "loadedInstances: " + loadedInstances + " (expected: >= 1)");
    }
    List<Point> sorted = new ArrayList<>(points);
    sorted.forEach(p -> requireNonNull(p, "points: null entry"));
    sorted.sort(ORDER);
    int largestBatch = Math.max(1, maxBatchSize);
    Set<List<Integer>> seen = new HashSet<>();
    for (Point p : sorted) {
      if (p.batchSize() > largestBatch) {
        throw new IllegalArgumentException(
            "points: batch size "
                + p.batchSize()
                + " (expected: <= "
                + largestBatch
                + (maxBatchSize == 0
                    ? ", the model has no batch dimension)"
                    : ", max_batch_size)"));
      }
      if (!seen.add(List.of(p.batchSize(), p.instances()))) {
        throw new IllegalArgumentException(
            "points: batch size "
                + p.batchSize()
                + " with "
                + p.instances()
                + " instance(s) appears twice (expected: at most once)");
      }
    }
    points = List.copyOf(sorted);
  }

  /**
   * The settings a profile was measured with.
   *
   * @param intraOpThreads threads one operator may use, per instance
   * @param interOpThreads threads running independent operators, per instance
   * @param executionProviders the execution providers, in the order tried
   * @param cores the processors the machine made available
   * @param machine a free-form description of the machine, for people
   */
  public record Settings(
      int intraOpThreads,
      int interOpThreads,
      List<String> executionProviders,
      int cores,
      String machine) {
    /** Creates settings; validates and copies. */
    public Settings {
      if (intraOpThreads < 0) {
        throw new IllegalArgumentException(
            "intraOpThreads: " + intraOpThreads + " (expected: >= 0)");
      }
      if (interOpThreads < 0) {
        throw new IllegalArgumentException(
            "interOpThreads: " + interOpThreads + " (expected: >= 0)");
      }
      executionProviders = List.copyOf(executionProviders);
      if (cores < 1) {
        throw new IllegalArgumentException("cores: " + cores + " (expected: >= 1)");
      }
      requireNonNull(machine, "machine");
    }
  }

  /**
   * One measurement: {@code concurrency} threads each running batches of {@code batchSize} items
   * back to back on their own instance, out of {@code instances}.
   *
   * @param batchSize the items per execution; 1 for a model without a batch dimension
   * @param instances the instances executing side by side
   * @param concurrency the threads driving them (one per instance: saturation)
   * @param p50Nanos the median execution time of one batch
   * @param p99Nanos the 99th-percentile execution time of one batch
   * @param meanNanos the mean execution time of one batch
   * @param throughputPerSecond items (not batches) completed per second over all instances
   * @param samples the executions measured
   */
  public record Point(
      int batchSize,
      int instances,
      int concurrency,
      long p50Nanos,
      long p99Nanos,
      long meanNanos,
      double throughputPerSecond,
      int samples) {
    /** Creates a point; validates the fields. */
    public Point {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: >= 1)");
      }
      if (instances < 1) {
        throw new IllegalArgumentException("instances: " + instances + " (expected: >= 1)");
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
      }
      nonNegative("p50Nanos", p50Nanos);
      nonNegative("meanNanos", meanNanos);
      if (p99Nanos < p50Nanos) {
        throw new IllegalArgumentException(
            "p99Nanos: " + p99Nanos + " (expected: >= p50Nanos " + p50Nanos + ")");
      }
      if (!(throughputPerSecond >= 0) || Double.isInfinite(throughputPerSecond)) {
        throw new IllegalArgumentException(
            "throughputPerSecond: " + throughputPerSecond + " (expected: finite and >= 0)");
      }
      if (samples < 1) {
        throw new IllegalArgumentException("samples: " + samples + " (expected: >= 1)");
      }
    }
  }

  /** Returns the point measured for a batch size and instance count, if any. */
  public Optional<Point> point(int batchSize, int instances) {
    for (Point p : points) {
      if (p.batchSize() == batchSize && p.instances() == instances) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Returns the median execution time of one batch of {@code batchSize}, if measured. */
  public OptionalLong p50(int batchSize, int instances) {
    return point(batchSize, instances).map(p -> OptionalLong.of(p.p50Nanos())).orElse(NO_LONG);
  }

  /** Returns the 99th-percentile execution time of one batch of {@code batchSize}, if measured. */
  public OptionalLong p99(int batchSize, int instances) {
    return point(batchSize, instances).map(p -> OptionalLong.of(p.p99Nanos())).orElse(NO_LONG);
  }

  /** Returns the items per second at a batch size and instance count, if measured. */
  public OptionalDouble throughput(int batchSize, int instances) {
    return point(batchSize, instances)
        .map(p -> OptionalDouble.of(p.throughputPerSecond()))
        .orElse(OptionalDouble.empty());
  }

  /**
   * Returns the median execution time of one batch by batch size, with {@code instances} instances
   * running side by side; empty when none was measured. The planner's batch profile.
   */
  public SortedMap<Integer, Duration> p50ByBatchSize(int instances) {
    return byBatchSize(instances, Point::p50Nanos);
  }

  /**
   * Returns the 99th-percentile execution time of one batch by batch size, with {@code instances}
   * instances running side by side; empty when none was measured.
   */
  public SortedMap<Integer, Duration> p99ByBatchSize(int instances) {
    return byBatchSize(instances, Point::p99Nanos);
  }

  private SortedMap<Integer, Duration> byBatchSize(int instances, ToLongFunction<Point> nanos) {
    SortedMap<Integer, Duration> out = new TreeMap<>();
    for (Point p : points) {
      if (p.instances() == instances) {
        out.put(p.batchSize(), Duration.ofNanos(nanos.applyAsLong(p)));
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** Returns the batch sizes measured, ascending. */
  public List<Integer> batchSizes() {
    return points.stream().map(Point::batchSize).distinct().sorted().toList();
  }

  /** Returns the instance counts measured, ascending. */
  public List<Integer> instanceCounts() {
    return points.stream().map(Point::instances).distinct().sorted().toList();
  }

  /**
   * Returns the saturation point with {@code instances} instances: the highest throughput over
   * every batch size measured.
   */
  public Optional<Point> best(int instances) {
    return best(instances, Long.MAX_VALUE);
  }

  /**
   * Returns the highest-throughput point with {@code instances} instances whose p99 execution time
   * is at most {@code p99BudgetNanos}: the largest load those instances carry within a latency
   * budget (before queueing). Ties go to the smaller batch.
   */
  public Optional<Point> best(int instances, long p99BudgetNanos) {
    Point best = null;
    for (Point p : points) {
      if (p.instances() != instances || p.p99Nanos() > p99BudgetNanos) {
        continue;
      }
      if (best == null || p.throughputPerSecond() > best.throughputPerSecond()) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Returns the memory one instance holds, estimated as the footprint divided by the instances it
   * was measured for (rounded up); shared runtime overhead is thereby spread over the instances.
   */
  public long memoryBytesPerInstance() {
    return Math.ceilDiv(memoryBytes, loadedInstances);
  }

  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: >= 0)");
    }
  }
}
