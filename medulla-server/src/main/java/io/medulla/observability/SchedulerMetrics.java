package io.medulla.observability;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.TenantId;
import io.medulla.scheduling.QueueSnapshot;
import io.medulla.scheduling.RejectReason;
import io.medulla.scheduling.SchedulerListener;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Medulla's scheduler views per model, priority class and tenant: queue delay and batch size
 * histograms, rejections by reason, shared-batch counts, and queued / in-flight gauges.
 *
 * <p>Label sets stay bounded: a tenant that the tenants file does not name is labelled {@code
 * other}, so a caller cannot create series by inventing tenant ids.
 */
public final class SchedulerMetrics implements SchedulerListener {
  private static final long[] QUEUE_BUCKETS_US = {
    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
    1_000_000, 5_000_000
  };
  private static final long[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

  private final Set<String> knownTenants;
  private final Map<String, PrometheusHistogram> queueDelay = new ConcurrentHashMap<>();
  private final Map<String, PrometheusHistogram> batchSize = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> batches = new ConcurrentHashMap<>();

  /** Creates the metrics; {@code knownTenants} are the tenant ids that get their own label. */
  public SchedulerMetrics(Set<TenantId> knownTenants) {
    this.knownTenants =
        knownTenants.stream().map(TenantId::value).collect(java.util.stream.Collectors.toSet());
  }

  private String tenant(TenantId tenant) {
    String id = tenant.value();
    return id.equals(TenantId.DEFAULT.value()) || knownTenants.contains(id) ? id : "other";
  }

  private static String model(ModelId m) {
    return "model=\"" + TritonMetrics.escape(m.name()) + "\",version=\"" + m.version() + "\"";
  }

  @Override
  public void requestExecuted(
      ModelId model,
      RequestContext context,
      int priorityLevel,
      long queueNanos,
      long computeNanos,
      int batch) {
    String labels =
        model(model)
            + ",priority=\""
            + priorityLevel
            + "\",tenant=\""
            + tenant(context.tenant())
            + "\"";
    queueDelay
        .computeIfAbsent(labels, k -> new PrometheusHistogram(QUEUE_BUCKETS_US))
        .observe(queueNanos / 1_000);
  }

  @Override
  public void batchExecuted(
      ModelId model, int size, long computeNanos, boolean sharedAcrossTenants) {
    batchSize
        .computeIfAbsent(model(model), k -> new PrometheusHistogram(BATCH_BUCKETS))
        .observe(size);
    batches
        .computeIfAbsent(
            model(model) + ",shared=\"" + sharedAcrossTenants + "\"", k -> new LongAdder())
        .increment();
  }

  @Override
  public void requestRejected(
      ModelId model, RequestContext context, int priorityLevel, RejectReason reason) {
    rejected
        .computeIfAbsent(
            model(model)
                + ",priority=\""
                + priorityLevel
                + "\",tenant=\""
                + tenant(context.tenant())
                + "\",reason=\""
                + reason.label()
                + "\"",
            k -> new LongAdder())
        .increment();
  }

  /** Appends these metrics, with gauges from {@code queues}, in Prometheus text format. */
  public void scrape(StringBuilder out, List<QueueSnapshot> queues) {
    out.append("# HELP medulla_queue_duration_us Time requests waited before their batch ran\n");
    out.append("# TYPE medulla_queue_duration_us histogram\n");
    sorted(queueDelay)
        .forEach(e -> e.getValue().render(out, "medulla_queue_duration_us", e.getKey()));
    out.append("# HELP medulla_batch_size Samples per executed batch\n");
    out.append("# TYPE medulla_batch_size histogram\n");
    sorted(batchSize).forEach(e -> e.getValue().render(out, "medulla_batch_size", e.getKey()));
    counter(
        out,
        "medulla_batches_total",
        "Executed batches; shared=true held several tenants",
        batches);
    counter(
        out,
        "medulla_requests_rejected_total",
        "Requests answered without being computed, by reason",
        rejected);
    out.append("# HELP medulla_queue_size Requests waiting, by priority class and tenant\n");
    out.append("# TYPE medulla_queue_size gauge\n");
    out.append("# HELP medulla_in_flight Requests executing, by priority class and tenant\n");
    out.append("# TYPE medulla_in_flight gauge\n");
    for (QueueSnapshot q : queues) {
      for (QueueSnapshot.Entry e : q.entries()) {
        String labels =
            model(q.model())
                + ",priority=\""
                + e.priorityLevel()
                + "\",tenant=\""
                + tenant(e.tenant())
                + "\"";
        out.append("medulla_queue_size{")
            .append(labels)
            .append("} ")
            .append(e.queued())
            .append('\n');
        out.append("medulla_in_flight{")
            .append(labels)
            .append("} ")
            .append(e.inFlight())
            .append('\n');
      }
    }
  }

  private static void counter(
      StringBuilder out, String name, String help, Map<String, LongAdder> series) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    sorted(series)
        .forEach(
            e ->
                out.append(name)
                    .append('{')
                    .append(e.getKey())
                    .append("} ")
                    .append(e.getValue().sum())
                    .append('\n'));
  }

  private static <V> java.util.stream.Stream<Map.Entry<String, V>> sorted(Map<String, V> map) {
    return map.entrySet().stream().sorted(Comparator.comparing(Map.Entry::getKey));
  }
}
