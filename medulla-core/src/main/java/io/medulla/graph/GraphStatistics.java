package io.medulla.graph;

import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts graph requests and step outcomes as a {@link GraphListener}: the observed condition
 * probabilities and step times that {@link GraphResourceView} reports. Lock-free.
 */
public final class GraphStatistics implements GraphListener {
  private final Map<String, GraphCounters> graphs = new ConcurrentHashMap<>();
  private final Map<String, Map<String, StepCounters>> steps = new ConcurrentHashMap<>();

  /**
   * Cumulative counts of one graph's requests.
   *
   * @param successCount requests that succeeded
   * @param successNanos their summed durations
   * @param failureCount requests that failed
   * @param failureNanos their summed durations
   */
  public record GraphCounts(
      long successCount, long successNanos, long failureCount, long failureNanos) {}

  /**
   * Cumulative outcomes of one step.
   *
   * @param ran times it ran to completion
   * @param skipped times its condition or an absent input skipped it
   * @param failed times it failed
   * @param cancelled times the graph ended while it ran
   * @param ranNanos the summed durations of its completed runs
   */
  public record StepCounts(long ran, long skipped, long failed, long cancelled, long ranNanos) {
    /** Returns how often it was reached: every outcome counted once. */
    public long reached() {
      return ran + skipped + failed + cancelled;
    }

    /** Returns how often it was called (not skipped). */
    public long called() {
      return ran + failed + cancelled;
    }

    /** Returns its mean run time, or -1 before its first completed run. */
    public long meanNanos() {
      return ran == 0 ? -1 : ranNanos / ran;
    }
  }

  private static final class GraphCounters {
    final LongAdder successCount = new LongAdder();
    final LongAdder successNanos = new LongAdder();
    final LongAdder failureCount = new LongAdder();
    final LongAdder failureNanos = new LongAdder();
  }

  private static final class StepCounters {
    final LongAdder ran = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder ranNanos = new LongAdder();
  }

  /** Creates statistics with nothing counted. */
  public GraphStatistics() {}

  @Override
  public void graphCompleted(
      String graph, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
    GraphCounters c = graphs.computeIfAbsent(graph, k -> new GraphCounters());
    if (failure == null) {
      c.successCount.increment();
      c.successNanos.add(durationNanos);
    } else {
      c.failureCount.increment();
      c.failureNanos.add(durationNanos);
    }
  }

  @Override
  public void stepCompleted(String graph, String step, StepOutcome outcome, long durationNanos) {
    StepCounters c =
        steps
            .computeIfAbsent(graph, k -> new ConcurrentHashMap<>())
            .computeIfAbsent(step, k -> new StepCounters());
    switch (outcome) {
      case RAN -> {
        c.ran.increment();
        c.ranNanos.add(durationNanos);
      }
      case SKIPPED -> c.skipped.increment();
      case FAILED -> c.failed.increment();
      case CANCELLED -> c.cancelled.increment();
    }
  }

  /** Returns a graph's counts (zeros when it has had no request). */
  public GraphCounts graph(String graph) {
    GraphCounters c = graphs.get(graph);
    if (c == null) {
      return new GraphCounts(0, 0, 0, 0);
    }
    return new GraphCounts(
        c.successCount.sum(), c.successNanos.sum(), c.failureCount.sum(), c.failureNanos.sum());
  }

  /** Returns a step's counts (zeros when it has not been reached). */
  public StepCounts step(String graph, String step) {
    Map<String, StepCounters> ofGraph = steps.get(graph);
    StepCounters c = ofGraph == null ? null : ofGraph.get(step);
    if (c == null) {
      return new StepCounts(0, 0, 0, 0, 0);
    }
    return new StepCounts(
        c.ran.sum(), c.skipped.sum(), c.failed.sum(), c.cancelled.sum(), c.ranNanos.sum());
  }
}
