package io.medulla.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * What {@code medulla profile} measures and with which settings.
 *
 * @param modelRepository the Triton-style model repository
 * @param model the model to profile
 * @param version the version to profile; 0 for the highest version the model serves
 * @param batchSizes the batch sizes to measure; empty for {@link #DEFAULT_BATCH_SIZES} up to the
 *     model's {@code max_batch_size} (just 1 when the model has no batch dimension)
 * @param instanceCounts the instance counts to measure, each with one thread per instance
 * @param iterations the executions each thread measures per point
 * @param warmupIterations the executions each instance runs, unmeasured, before each point
 * @param intraOpThreads ONNX Runtime intra-op threads per instance, as {@code
 *     --onnx-intra-op-threads}
 * @param interOpThreads ONNX Runtime inter-op threads per instance, as {@code
 *     --onnx-inter-op-threads}
 * @param executionProviders ONNX Runtime execution providers, as {@code --onnx-execution-provider}
 * @param machine a description of the machine, recorded in the profile
 */
public record ProfileOptions(
    Path modelRepository,
    String model,
    long version,
    List<Integer> batchSizes,
    List<Integer> instanceCounts,
    int iterations,
    int warmupIterations,
    int intraOpThreads,
    int interOpThreads,
    List<String> executionProviders,
    String machine) {
  /** The batch sizes measured by default, capped at the model's {@code max_batch_size}. */
  public static final List<Integer> DEFAULT_BATCH_SIZES = List.of(1, 2, 4, 8, 16, 32);

  /** The instance counts measured by default. */
  public static final List<Integer> DEFAULT_INSTANCE_COUNTS = List.of(1, 2);

  /** The measured executions per thread and point by default. */
  public static final int DEFAULT_ITERATIONS = 200;

  /** The unmeasured executions per instance and point by default. */
  public static final int DEFAULT_WARMUP_ITERATIONS = 20;

  /** The most instances one point may run: more says more about the machine than the model. */
  public static final int MAX_INSTANCES = 64;

  /** The most iterations per point, so that the samples of a point fit in memory. */
  public static final int MAX_ITERATIONS = 1_000_000;

  /** Creates options; validates every field and copies the lists. */
  public ProfileOptions {
    requireNonNull(modelRepository, "modelRepository");
    requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("--model: empty (expected: a model folder's name)");
    }
    if (version < 0) {
      throw new IllegalArgumentException("--version: " + version + " (expected: >= 1)");
    }
    batchSizes = distinctPositive("--batch-sizes", batchSizes, Integer.MAX_VALUE);
    instanceCounts = distinctPositive("--instances", instanceCounts, MAX_INSTANCES);
    if (instanceCounts.isEmpty()) {
      throw new IllegalArgumentException("--instances: empty (expected: at least one count)");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "--iterations: " + iterations + " (expected: 1 to " + MAX_ITERATIONS + ")");
    }
    if (warmupIterations < 0 || warmupIterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "--warmup-iterations: " + warmupIterations + " (expected: 0 to " + MAX_ITERATIONS + ")");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "--onnx-intra-op-threads: " + intraOpThreads + " (expected: > 0)");
    }
    if (interOpThreads < 1) {
      throw new IllegalArgumentException(
          "--onnx-inter-op-threads: " + interOpThreads + " (expected: > 0)");
    }
    executionProviders = List.copyOf(executionProviders);
    if (executionProviders.isEmpty()) {
      throw new IllegalArgumentException(
          "--onnx-execution-provider: empty (expected: at least one, such as cpu)");
    }
    requireNonNull(machine, "machine");
  }

  /**
   * Returns the defaults for a model: its highest served version, the default batch sizes and
   * instance counts and iterations, and the server's default ONNX Runtime settings.
   */
  public static ProfileOptions defaults(Path modelRepository, String model) {
    ServerConfig server = ServerConfig.defaults(modelRepository);
    return new ProfileOptions(
        modelRepository,
        model,
        0,
        List.of(),
        DEFAULT_INSTANCE_COUNTS,
        DEFAULT_ITERATIONS,
        DEFAULT_WARMUP_ITERATIONS,
        server.intraOpThreads(),
        server.interOpThreads(),
        server.executionProviders(),
        describeMachine());
  }

  /**
   * Returns a one-line description of this machine for {@link #machine()}, as in "AMD EPYC, 16
   * cores, Linux 6.8.0".
   */
  public static String describeMachine() {
    return ProfileMachine.describe();
  }

  /** Returns these options with other iteration counts. */
  public ProfileOptions withIterations(int measured, int warmup) {
    return new ProfileOptions(
        modelRepository,
        model,
        version,
        batchSizes,
        instanceCounts,
        measured,
        warmup,
        intraOpThreads,
        interOpThreads,
        executionProviders,
        machine);
  }

  /** Returns these options with other batch sizes (empty for the defaults) and instance counts. */
  public ProfileOptions withPoints(List<Integer> batchSizes, List<Integer> instanceCounts) {
    return new ProfileOptions(
        modelRepository,
        model,
        version,
        batchSizes,
        instanceCounts,
        iterations,
        warmupIterations,
        intraOpThreads,
        interOpThreads,
        executionProviders,
        machine);
  }

  /** Returns these options for another version (0 for the highest served). */
  public ProfileOptions withVersion(long version) {
    return new ProfileOptions(
        modelRepository,
        model,
        version,
        batchSizes,
        instanceCounts,
        iterations,
        warmupIterations,
        intraOpThreads,
        interOpThreads,
        executionProviders,
        machine);
  }

  /**
   * Returns the batch sizes to measure for a model with {@code maxBatchSize}, ascending.
   *
   * @throws IllegalArgumentException when a requested size exceeds what the model accepts
   */
  List<Integer> batchSizesFor(int maxBatchSize) {
    if (batchSizes.isEmpty()) {
      if (maxBatchSize == 0) {
        return List.of(1);
      }
      return DEFAULT_BATCH_SIZES.stream().filter(b -> b <= maxBatchSize).toList();
    }
    int largest = Math.max(1, maxBatchSize);
    for (int b : batchSizes) {
      if (b > largest) {
        throw new IllegalArgumentException(
            "--batch-sizes: "
                + b
                + " (expected: at most "
                + largest
                + (maxBatchSize == 0
                    ? ": model '" + model + "' has no batch dimension)"
                    : ", the max_batch_size of model '" + model + "')"));
      }
    }
    return batchSizes.stream().sorted().toList();
  }

  private static List<Integer> distinctPositive(String flag, List<Integer> values, int max) {
    List<Integer> copy = List.copyOf(values);
    for (int v : copy) {
      if (v < 1 || v > max) {
        throw new IllegalArgumentException(
            flag
                + ": "
                + v
                + " (expected: >= 1"
                + (max == Integer.MAX_VALUE ? "" : " and <= " + max)
                + ")");
      }
    }
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException(flag + ": " + copy + " (expected: each value once)");
    }
    return copy;
  }
}
