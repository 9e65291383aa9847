package io.medulla.engine;

import static java.util.Objects.requireNonNull;

/**
 * Cumulative statistics of one model version, with the fields of Triton's statistics extension.
 *
 * @param name the model name
 * @param version the version
 * @param lastInferenceMillis the wall-clock time of the last inference, epoch milliseconds; 0 if
 *     none
 * @param inferenceCount inferences performed (a batch of 4 counts 4)
 * @param executionCount model executions (a batch counts 1)
 * @param success successful requests and their end-to-end time
 * @param fail failed requests and their time
 * @param queue time requests waited before execution
 * @param computeInput time preparing inputs
 * @param computeInfer time executing the model
 * @param computeOutput time extracting outputs
 */
public record ModelStatistics(
    String name,
    String version,
    long lastInferenceMillis,
    long inferenceCount,
    long executionCount,
    Duration success,
    Duration fail,
    Duration queue,
    Duration computeInput,
    Duration computeInfer,
    Duration computeOutput) {
  /** Creates statistics; validates the fields. */
  public ModelStatistics {
    requireNonNull(name, "name");
    requireNonNull(version, "version");
    requireNonNull(success, "success");
    requireNonNull(fail, "fail");
    requireNonNull(queue, "queue");
    requireNonNull(computeInput, "computeInput");
    requireNonNull(computeInfer, "computeInfer");
    requireNonNull(computeOutput, "computeOutput");
  }

  /**
   * A count of events and their summed duration, as Triton's {@code StatisticDuration}.
   *
   * @param count the number of events
   * @param nanos their total duration in nanoseconds
   */
  public record Duration(long count, long nanos) {}
}
