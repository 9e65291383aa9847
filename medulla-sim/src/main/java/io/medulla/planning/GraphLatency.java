package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The critical-path latency of one graph from the models' profiles at batch size 1: the longest
 * chain of steps by median execution time, with its medians and 99th percentiles summed. Queueing
 * and batching waits are not included (the simulator adds them).
 *
 * @param graph the graph name
 * @param criticalPath the steps of the longest chain, first to last
 * @param p50 the sum of the chain's median execution times
 * @param p99 the sum of the chain's 99th-percentile execution times (an upper bound: the
 *     percentiles of a sum are at most the sum of the percentiles)
 * @param conditionalSteps the steps that may be skipped, counted as always running
 */
public record GraphLatency(
    String graph,
    List<String> criticalPath,
    Duration p50,
    Duration p99,
    List<String> conditionalSteps) {
  /** Copies the lists. */
  public GraphLatency {
    requireNonNull(graph, "graph");
    criticalPath = List.copyOf(criticalPath);
    requireNonNull(p50, "p50");
    requireNonNull(p99, "p99");
    conditionalSteps = List.copyOf(conditionalSteps);
  }
}
