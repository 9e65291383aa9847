package io.medulla.observability;

import io.medulla.graph.GraphListener;
import io.medulla.graph.StepOutcome;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import java.util.Comparator;
import java.util.List;
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

  private final Map<String, GraphSeries> graphs = new ConcurrentHashMap<>();

  /** One graph's series; labels are built once, not per event. */
  private static final class GraphSeries {
    final String labels;
    final LongAdder success = new LongAdder();
    final Map<StatusCode, LongAdder> failures = new ConcurrentHashMap<>();
    final PrometheusHistogram duration = new PrometheusHistogram(DURATION_BUCKETS_US);
    final Map<String, StepSeries> steps = new ConcurrentHashMap<>();

    GraphSeries(String graph) {
      this.labels = "graph=\"" + TritonMetrics.escape(graph) + "\"";
    }
  }

  /** One step's series. */
  private static final class StepSeries {
    final String labels;
    final LongAdder[] outcomes = new LongAdder[StepOutcome.values().length];
    final PrometheusHistogram duration = new PrometheusHistogram(DURATION_BUCKETS_US);

    StepSeries(String graphLabels, String step) {
      this.labels = graphLabels + ",step=\"" + TritonMetrics.escape(step) + "\"";
      for (int i = 0; i < outcomes.length; i++) {
        outcomes[i] = new LongAdder();
      }
    }
  }

  /** Creates the metrics with nothing counted. */
  public GraphMetrics() {}

  private GraphSeries graph(String graph) {
    return graphs.computeIfAbsent(graph, GraphSeries::new);
  }

  @Override
  public void graphCompleted(
      String graph, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
    GraphSeries g = graph(graph);
    if (failure == null) {
      g.success.increment();
    } else {
      g.failures.computeIfAbsent(failure, k -> new LongAdder()).increment();
    }
    g.duration.observe(durationNanos / 1_000);
  }

  @Override
  public void stepCompleted(String graph, String step, StepOutcome outcome, long durationNanos) {
    GraphSeries g = graph(graph);
    StepSeries s = g.steps.computeIfAbsent(step, k -> new StepSeries(g.labels, k));
    s.outcomes[outcome.ordinal()].increment();
    if (outcome == StepOutcome.RAN) {
      s.duration.observe(durationNanos / 1_000);
    }
  }

  /** Appends these metrics in Prometheus text format. */
  public void scrape(StringBuilder out) {
    List<GraphSeries> sorted =
        graphs.values().stream().sorted(Comparator.comparing(g -> g.labels)).toList();
    header(out, "medulla_graph_requests_total", "Graph requests by final status", "counter");
    for (GraphSeries g : sorted) {
      sample(out, "medulla_graph_requests_total", g.labels + ",status=\"success\"", g.success);
      g.failures.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  sample(
                      out,
                      "medulla_graph_requests_total",
                      g.labels + ",status=\"" + e.getKey().name().toLowerCase(Locale.ROOT) + "\"",
                      e.getValue()));
    }
    header(
        out,
        "medulla_graph_request_duration_us",
        "Graph request time, arrival to answer",
        "histogram");
    for (GraphSeries g : sorted) {
      g.duration.render(out, "medulla_graph_request_duration_us", g.labels);
    }
    header(
        out,
        "medulla_graph_steps_total",
        "Graph steps by outcome (ran, skipped, failed, cancelled)",
        "counter");
    for (GraphSeries g : sorted) {
      for (StepSeries s : steps(g)) {
        for (StepOutcome o : StepOutcome.values()) {
          sample(
              out,
              "medulla_graph_steps_total",
              s.labels + ",outcome=\"" + o.label() + "\"",
              s.outcomes[o.ordinal()]);
        }
      }
    }
    header(out, "medulla_graph_step_duration_us", "Time of graph steps that ran", "histogram");
    for (GraphSeries g : sorted) {
      for (StepSeries s : steps(g)) {
        s.duration.render(out, "medulla_graph_step_duration_us", s.labels);
      }
    }
  }

  private static List<StepSeries> steps(GraphSeries g) {
    return g.steps.values().stream().sorted(Comparator.comparing(s -> s.labels)).toList();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, LongAdder value) {
    out.append(name).append('{').append(labels).append("} ").append(value.sum()).append('\n');
  }
}
