package io.medulla.graph;

import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Hears what graph requests and their steps do, for statistics and metrics. Implementations are
 * fast, take no locks and never throw; they are called on whichever thread completed the work.
 */
public interface GraphListener {
  /** A listener that does nothing. */
  GraphListener NOOP = new GraphListener() {};

  /**
   * A graph request has finished.
   *
   * @param failure the failure's status, or null on success
   * @param durationNanos the time from its arrival at the graph to its completion
   */
  default void graphCompleted(
      String graph, RequestContext context, @Nullable StatusCode failure, long durationNanos) {}

  /**
   * A step of a graph request has finished.
   *
   * @param durationNanos the time from the step's start to its end; 0 when skipped
   */
  default void stepCompleted(String graph, String step, StepOutcome outcome, long durationNanos) {}

  /** Returns a listener that tells {@code first}, then {@code second}, every event. */
  static GraphListener both(GraphListener first, GraphListener second) {
    return new GraphListener() {
      @Override
      public void graphCompleted(
          String graph, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
        first.graphCompleted(graph, context, failure, durationNanos);
        second.graphCompleted(graph, context, failure, durationNanos);
      }

      @Override
      public void stepCompleted(
          String graph, String step, StepOutcome outcome, long durationNanos) {
        first.stepCompleted(graph, step, outcome, durationNanos);
        second.stepCompleted(graph, step, outcome, durationNanos);
      }
    };
  }
}
