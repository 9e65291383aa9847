package io.medulla.server;

import io.medulla.autoscaling.ScalingListener;
import io.medulla.autoscaling.ScalingLoop;
import io.medulla.autoscaling.ScalingPolicy;
import io.medulla.inference.ModelId;
import io.medulla.observability.AutoscalingMetrics;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.util.function.ToIntFunction;

/**
 * The running server's autoscaling signal: a {@link ScalingPolicy} fed by the schedulers, evaluated
 * on the timer against {@code --replicas}, and exported on /metrics for an orchestrator to read.
 */
final class Autoscaling implements AutoCloseable {
  private final ScalingListener listener;
  private final ScalingLoop loop;
  private final AutoscalingMetrics metrics;

  Autoscaling(
      AutoscalingSettings settings, Ticker ticker, Timer timer, ToIntFunction<ModelId> instances) {
    ScalingPolicy policy = new ScalingPolicy(settings.policy(), ticker);
    int replicas = settings.replicas();
    this.listener = new ScalingListener(policy, instances);
    this.loop = new ScalingLoop(policy, timer, () -> replicas);
    this.metrics = new AutoscalingMetrics(policy, replicas);
  }

  /** Returns the listener the schedulers tell. */
  SchedulerListener listener() {
    return listener;
  }

  /** Evaluates now, then every evaluation period. */
  void start() {
    loop.start();
  }

  /** Appends the autoscaling metrics in Prometheus text format. */
  void scrape(StringBuilder out) {
    metrics.scrape(out);
  }

  @Override
  public void close() {
    loop.close();
  }
}
