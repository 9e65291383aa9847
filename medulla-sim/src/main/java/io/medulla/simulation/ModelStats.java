package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one model's instances and queue did over a period (the window, or one hour of it). Batches,
 * busy time and queue samples are counted when they happen, and only inside the window: the drain
 * after the window (answering requests still in flight) is left out.
 *
 * @param model the model
 * @param instances its instances
 * @param period the length of the period
 * @param batches the batches that started in the period
 * @param samples the samples in those batches
 * @param instanceUtilisation each instance's busy share of the period, instance 0 first
 * @param batchSizes batch size to the number of batches of that size; sorted
 * @param meanQueueWait the mean wait, from admission to the start of its batch, of the requests in
 *     those batches
 * @param maxQueued the longest queue sampled in the period
 * @param meanQueued the mean of the queue samples in the period; zero when none was taken
 */
public record ModelStats(
    String model,
    int instances,
    Duration period,
    long batches,
    long samples,
    List<Double> instanceUtilisation,
    Map<Integer, Long> batchSizes,
    Duration meanQueueWait,
    int maxQueued,
    double meanQueued) {
  /** Creates the statistics; copies the collections. */
  public ModelStats {
    requireNonNull(model, "model");
    requireNonNull(period, "period");
    requireNonNull(meanQueueWait, "meanQueueWait");
    instanceUtilisation = List.copyOf(instanceUtilisation);
    batchSizes = Collections.unmodifiableSortedMap(new TreeMap<>(batchSizes));
    if (instanceUtilisation.size() != instances) {
      throw new IllegalArgumentException(
          model
              + ": "
              + instanceUtilisation.size()
              + " utilisations for "
              + instances
              + " instances (expected: one each)");
    }
  }

  /** Returns the mean busy share over the instances. */
  public double utilisation() {
    double sum = 0;
    for (double u : instanceUtilisation) {
      sum += u;
    }
    return instanceUtilisation.isEmpty() ? 0 : sum / instanceUtilisation.size();
  }

  /** Returns the mean samples per batch; zero without batches. */
  public double meanBatchSize() {
    return batches == 0 ? 0 : (double) samples / batches;
  }

  /** Returns one line: utilisation, batches and queue. */
  public String summary() {
    List<String> each = new ArrayList<>();
    for (double u : instanceUtilisation) {
      each.add(String.format(Locale.ROOT, "%.1f%%", 100 * u));
    }
    return String.format(
        Locale.ROOT,
        "instances %d utilisation %.1f%% %s batches %d mean batch %.2f queue wait %s"
            + " queued max %d mean %.2f",
        instances,
        100 * utilisation(),
        each,
        batches,
        meanBatchSize(),
        Durations.format(meanQueueWait),
        maxQueued,
        meanQueued);
  }
}
