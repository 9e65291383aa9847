package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How long a simulated batch takes: the simulator's stand-in for running the model.
 *
 * <p>Called once per batch, on the simulation's thread, with the generator of that model (seeded
 * from the run's seed and the model's name), so that a deterministic implementation gives the same
 * times for the same seed. Implementations are immutable and thread-safe: a simulator may run
 * several simulations at once on different threads.
 */
@FunctionalInterface
public interface ExecutionTimes {
  /**
   * Returns the execution time of a batch of {@code batchSize} samples of {@code model}.
   *
   * @param batchSize the samples in the batch, &ge; 1
   * @param rng the model's generator; draw from nothing else
   */
  Duration sample(String model, int batchSize, SplittableRandom rng);

  /**
   * Returns whether this can time {@code model}; the simulator refuses to build over models it
   * cannot. Default: every model.
   */
  default boolean covers(String model) {
    return true;
  }

  /** Returns times that are always {@code time}, for every model and batch size. */
  static ExecutionTimes constant(Duration time) {
    requireNonNull(time, "time");
    if (time.isNegative()) {
      throw new IllegalArgumentException("time: " + time + " (expected: >= 0)");
    }
    return (model, batchSize, rng) -> time;
  }

  /**
   * Returns log-normal times fitted per model and batch size through a measured p50 and p99; see
   * {@link LogNormalExecutionTimes} for the fit and for batch sizes that were not measured.
   *
   * @param profiles model name to batch size (&ge; 1) to percentiles; at least one batch size per
   *     model
   */
  static ExecutionTimes logNormal(Map<String, Map<Integer, ExecutionPercentiles>> profiles) {
    return LogNormalExecutionTimes.of(profiles);
  }
}
