package io.medulla.observability;

import io.medulla.engine.EngineListener;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import io.medulla.scheduling.SchedulerListener;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts requests per model version under Triton's metric names and renders them as Prometheus
 * text. Written by hand rather than through a metrics library because Triton's counters carry no
 * {@code _total} suffix, and dashboards built for Triton expect the names exactly.
 *
 * <p>Labels are the model name and version only: never tenant-supplied strings or payload.
 */
public final class TritonMetrics implements EngineListener, SchedulerListener {
  private final Map<ModelId, Counters> byModel = new ConcurrentHashMap<>();

  private static final class Counters {
    final LongAdder success = new LongAdder();
    final LongAdder failure = new LongAdder();
    final LongAdder inferences = new LongAdder();
    final LongAdder executions = new LongAdder();
    final LongAdder requestMicros = new LongAdder();
    final LongAdder queueMicros = new LongAdder();
    final LongAdder computeInferMicros = new LongAdder();
  }

  private Counters counters(ModelId model) {
    return byModel.computeIfAbsent(model, m -> new Counters());
  }

  @Override
  public void requestCompleted(
      ModelId model, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
    Counters c = counters(model);
    (failure == null ? c.success : c.failure).increment();
    c.requestMicros.add(durationNanos / 1_000);
  }

  @Override
  public void requestExecuted(
      ModelId model, RequestContext context, long queueNanos, long computeNanos, int batchSize) {
    Counters c = counters(model);
    c.queueMicros.add(queueNanos / 1_000);
    c.computeInferMicros.add(computeNanos / 1_000);
  }

  @Override
  public void batchExecuted(ModelId model, int batchSize, long computeNanos) {
    Counters c = counters(model);
    c.executions.increment();
    c.inferences.add(batchSize);
  }

  /** Returns every metric in the Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    family(
        out,
        "nv_inference_request_success",
        "Number of successful inference requests, all batch sizes",
        c -> c.success);
    family(
        out,
        "nv_inference_request_failure",
        "Number of failed inference requests, all batch sizes",
        c -> c.failure);
    family(
        out,
        "nv_inference_count",
        "Number of inferences performed (does not include cached requests)",
        c -> c.inferences);
    family(
        out,
        "nv_inference_exec_count",
        "Number of model executions performed (does not include cached requests)",
        c -> c.executions);
    family(
        out,
        "nv_inference_request_duration_us",
        "Cumulative inference request duration in microseconds (includes cached requests)",
        c -> c.requestMicros);
    family(
        out,
        "nv_inference_queue_duration_us",
        "Cumulative inference queuing duration in microseconds (includes cached requests)",
        c -> c.queueMicros);
    family(
        out,
        "nv_inference_compute_infer_duration_us",
        "Cumulative compute inference duration in microseconds (does not include cached requests)",
        c -> c.computeInferMicros);
    return out.toString();
  }

  private interface Field {
    LongAdder of(Counters c);
  }

  private void family(StringBuilder out, String name, String help, Field field) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    byModel.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<ModelId, Counters> e) -> e.getKey().name())
                .thenComparingLong(e -> e.getKey().version()))
        .forEach(
            e ->
                out.append(name)
                    .append("{model=\"")
                    .append(escape(e.getKey().name()))
                    .append("\",version=\"")
                    .append(e.getKey().version())
                    .append("\"} ")
                    .append(field.of(e.getValue()).sum())
                    .append('\n'));
  }

  static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
