package io.medulla.observability;

import io.medulla.graph.GraphListener;
import io.medulla.graph.StepOutcome;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Graph metrics per graph and step: requests by status and their duration, steps by outcome and
 * their duration. Graph and step names come from the repository, never from callers, so the label
 * sets stay bounded.
 */
public final class GraphMetrics implements GraphListener {
  private static final long[] DURATION_BUCKETS_US = {
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000,
    5_000_000
  };

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, PrometheusHistogram> requestDuration = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> steps = new ConcurrentHashMap<>();
  private final Map<String, PrometheusHistogram> stepDuration = new ConcurrentHashMap<>();

  /** Creates the metrics with nothing counted. */
  public GraphMetrics() {}

  @Override
  public void graphCompleted(
      String graph, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
    String labels = "graph=\"" + TritonMetrics.escape(graph) + "\"";
    String status = failure == null ? "success" : failure.name().toLowerCase(Locale.ROOT);
    requests
        .computeIfAbsent(labels + ",status=\"" + status + "\"", k -> new LongAdder())
        .increment();
    requestDuration
        .computeIfAbsent(labels, k -> new PrometheusHistogram(DURATION_BUCKETS_US))
        .observe(durationNanos / 1_000);
  }

  @Override
  public void stepCompleted(String graph, String step, StepOutcome outcome, long durationNanos) {
    String labels =
        "graph=\"" + TritonMetrics.escape(graph) + "\",step=\"" + TritonMetrics.escape(step) + "\"";
    steps
        .computeIfAbsent(labels + ",outcome=\"" + outcome.label() + "\"", k -> new LongAdder())
        .increment();
    if (outcome == StepOutcome.RAN) {
      stepDuration
          .computeIfAbsent(labels, k -> new PrometheusHistogram(DURATION_BUCKETS_US))
          .observe(durationNanos / 1_000);
    }
  }

  /** Appends these metrics in Prometheus text format. */
  public void scrape(StringBuilder out) {
    counter(out, "medulla_graph_requests_total", "Graph requests by final status", requests);
    histogram(
        out,
        "medulla_graph_request_duration_us",
        "Graph request time, arrival to answer",
        requestDuration);
    counter(
        out,
        "medulla_graph_steps_total",
        "Graph steps by outcome (ran, skipped, failed, cancelled)",
        steps);
    histogram(out, "medulla_graph_step_duration_us", "Time of graph steps that ran", stepDuration);
  }

  private static void counter(
      StringBuilder out, String name, String help, Map<String, LongAdder> series) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    series.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                out.append(name)
                    .append('{')
                    .append(e.getKey())
                    .append("} ")
                    .append(e.getValue().sum())
                    .append('\n'));
  }

  private static void histogram(
      StringBuilder out, String name, String help, Map<String, PrometheusHistogram> series) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    series.entrySet().stream()
        .sorted(Comparator.comparing(Map.Entry::getKey))
        .forEach(e -> e.getValue().render(out, name, e.getKey()));
  }
}
