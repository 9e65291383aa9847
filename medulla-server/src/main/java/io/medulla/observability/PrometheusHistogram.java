package io.medulla.observability;

import java.util.concurrent.atomic.LongAdder;

/** A lock-free Prometheus histogram for one label set: fixed upper bounds, cumulative on render. */
final class PrometheusHistogram {
  private final long[] bounds;
  private final LongAdder[] counts;
  private final LongAdder sum = new LongAdder();
  private final LongAdder count = new LongAdder();

  PrometheusHistogram(long[] bounds) {
    this.bounds = bounds.clone();
    this.counts = new LongAdder[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void observe(long value) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts[i].increment();
        break;
      }
    }
    sum.add(value);
    count.increment();
  }

  /** Appends the bucket, sum and count lines of this histogram under {@code name} and labels. */
  void render(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i].sum();
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(bounds[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ");
    out.append(count.sum()).append('\n');
    out.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
    out.append(name).append("_count{").append(labels).append("} ").append(count.sum());
    out.append('\n');
  }
}
