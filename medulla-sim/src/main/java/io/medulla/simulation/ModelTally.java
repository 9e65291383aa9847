package io.medulla.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one model did in one period: batches, busy time per instance, waits, queue samples. */
final class ModelTally {
  private final long[] busyNanos;
  private long[] batchSizes = new long[0];
  private long batches;
  private long samples;
  private long waitNanos;
  private long waits;
  private int maxQueued;
  private long queuedSum;
  private long queueSamples;

  ModelTally(int instances) {
    busyNanos = new long[instances];
  }

  void batchStarted(int size) {
    batches++;
    samples += size;
    if (size >= batchSizes.length) {
      batchSizes = Arrays.copyOf(batchSizes, size + 1);
    }
    batchSizes[size]++;
  }

  void busy(int instance, long nanos) {
    busyNanos[instance] += nanos;
  }

  void waited(long nanos) {
    waitNanos += nanos;
    waits++;
  }

  void queueSampled(int queued) {
    maxQueued = Math.max(maxQueued, queued);
    queuedSum += queued;
    queueSamples++;
  }

  void add(ModelTally other) {
    for (int i = 0; i < busyNanos.length; i++) {
      busyNanos[i] += other.busyNanos[i];
    }
    if (other.batchSizes.length > batchSizes.length) {
      batchSizes = Arrays.copyOf(batchSizes, other.batchSizes.length);
    }
    for (int size = 0; size < other.batchSizes.length; size++) {
      batchSizes[size] += other.batchSizes[size];
    }
    batches += other.batches;
    samples += other.samples;
    waitNanos += other.waitNanos;
    waits += other.waits;
    maxQueued = Math.max(maxQueued, other.maxQueued);
    queuedSum += other.queuedSum;
    queueSamples += other.queueSamples;
  }

  ModelStats toStats(String model, Duration period) {
    List<Double> utilisation = new ArrayList<>(busyNanos.length);
    long periodNanos = period.toNanos();
    for (long busy : busyNanos) {
      utilisation.add(periodNanos == 0 ? 0 : (double) busy / periodNanos);
    }
    Map<Integer, Long> sizes = new TreeMap<>();
    for (int size = 0; size < batchSizes.length; size++) {
      if (batchSizes[size] > 0) {
        sizes.put(size, batchSizes[size]);
      }
    }
    return new ModelStats(
        model,
        busyNanos.length,
        period,
        batches,
        samples,
        utilisation,
        sizes,
        Duration.ofNanos(waits == 0 ? 0 : Math.round((double) waitNanos / waits)),
        maxQueued,
        queueSamples == 0 ? 0 : (double) queuedSum / queueSamples);
  }
}
