package io.medulla.engine;

import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.scheduling.SchedulerListener;
import io.medulla.time.WallClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Accumulates Triton-style statistics per model version, lock-free. */
final class StatisticsRecorder implements SchedulerListener {
  private final WallClock wallClock;
  private final Map<ModelId, Counters> byModel = new ConcurrentHashMap<>();

  StatisticsRecorder(WallClock wallClock) {
    this.wallClock = wallClock;
  }

  private static final class Counters {
    final LongAdder inferences = new LongAdder();
    final LongAdder executions = new LongAdder();
    final LongAdder successCount = new LongAdder();
    final LongAdder successNanos = new LongAdder();
    final LongAdder failCount = new LongAdder();
    final LongAdder failNanos = new LongAdder();
    final LongAdder queueCount = new LongAdder();
    final LongAdder queueNanos = new LongAdder();
    final LongAdder computeCount = new LongAdder();
    final LongAdder computeNanos = new LongAdder();
    final AtomicLong lastInferenceMillis = new AtomicLong();
  }

  private Counters counters(ModelId model) {
    return byModel.computeIfAbsent(model, m -> new Counters());
  }

  @Override
  public void requestExecuted(
      ModelId model, RequestContext context, long queueNanos, long computeNanos, int batchSize) {
    Counters c = counters(model);
    c.queueCount.increment();
    c.queueNanos.add(queueNanos);
    c.computeCount.increment();
    c.computeNanos.add(computeNanos);
  }

  @Override
  public void batchExecuted(ModelId model, int batchSize, long computeNanos) {
    Counters c = counters(model);
    c.executions.increment();
    c.inferences.add(batchSize);
    c.lastInferenceMillis.set(wallClock.now().toEpochMilli());
  }

  void requestCompleted(ModelId model, boolean success, long durationNanos) {
    Counters c = counters(model);
    if (success) {
      c.successCount.increment();
      c.successNanos.add(durationNanos);
    } else {
      c.failCount.increment();
      c.failNanos.add(durationNanos);
    }
  }

  /** Returns the statistics of one version; zeros if it has seen no request. */
  ModelStatistics snapshot(ModelId model) {
    Counters c = byModel.getOrDefault(model, new Counters());
    ModelStatistics.Duration none = new ModelStatistics.Duration(0, 0);
    return new ModelStatistics(
        model.name(),
        Long.toString(model.version()),
        c.lastInferenceMillis.get(),
        c.inferences.sum(),
        c.executions.sum(),
        new ModelStatistics.Duration(c.successCount.sum(), c.successNanos.sum()),
        new ModelStatistics.Duration(c.failCount.sum(), c.failNanos.sum()),
        new ModelStatistics.Duration(c.queueCount.sum(), c.queueNanos.sum()),
        none,
        new ModelStatistics.Duration(c.computeCount.sum(), c.computeNanos.sum()),
        none);
  }
}
