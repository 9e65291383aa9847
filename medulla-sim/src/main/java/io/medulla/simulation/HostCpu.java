package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The host's cores, shared by the CPU each request spends outside the model and by the model's
 * executions (optional; {@link Simulator.Builder#hostCpu}).
 *
 * <p>Without it, the simulator starts at the scheduler and each instance runs at its profiled speed
 * however busy the machine is. With it, a request first runs on a core for its {@code request} cost
 * (decoding, the engine, hand-offs) before it enters the batcher, and after its answer for its
 * {@code response} cost (encoding, sending) before it counts as answered; each executing batch
 * needs its execution time on one core (the server's ONNX Runtime default is one intra-op thread).
 * The cores are time-shared among stages and executions alike ({@link HostCores}), so a small model
 * whose requests cost more CPU outside the model than inside saturates at about {@code cores /
 * (request + response + execution per request)}, and an execution beside busy stages is slowed.
 *
 * @param cores the cores, &ge; 1
 * @param request each request's cost before the scheduler
 * @param response each request's cost after its answer
 */
public record HostCpu(int cores, HostCost request, HostCost response) {
  /** Creates the model; validates it. */
  public HostCpu {
    if (cores < 1) {
      throw new IllegalArgumentException("cores: " + cores + " (expected: >= 1)");
    }
    requireNonNull(request, "request");
    requireNonNull(response, "response");
  }

  /** Returns {@code cores} with a constant cost per request before the scheduler only. */
  public static HostCpu constant(int cores, Duration perRequest) {
    return new HostCpu(cores, HostCost.constant(perRequest), HostCost.NONE);
  }
}
