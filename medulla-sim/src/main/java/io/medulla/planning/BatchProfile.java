package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A model's execution time per batch size on the reference device (speed 1), as measured by a
 * profile: p50 or p99, whichever the caller hands in.
 *
 * <p>Batch sizes between two listed sizes take the straight line between them, since execution time
 * is close to affine in the batch size over short ranges. Sizes below the smallest listed one take
 * its time (execution time does not shrink with the batch, so this errs on the safe side). The
 * largest listed size is the largest batch the model accepts: there is no extrapolation.
 *
 * <p>Immutable and thread-safe.
 */
public final class BatchProfile {
  private final NavigableMap<Integer, Duration> points;

  private BatchProfile(NavigableMap<Integer, Duration> points) {
    this.points = points;
  }

  /**
   * Creates a profile from measured execution times.
   *
   * @param timesByBatchSize batch size (&ge; 1) to execution time (&gt; 0) on the reference device;
   *     at least one entry
   */
  public static BatchProfile of(Map<Integer, Duration> timesByBatchSize) {
    requireNonNull(timesByBatchSize, "timesByBatchSize");
    if (timesByBatchSize.isEmpty()) {
      throw new IllegalArgumentException("timesByBatchSize: empty (expected: at least one entry)");
    }
    TreeMap<Integer, Duration> copy = new TreeMap<>();
    timesByBatchSize.forEach(
        (batch, time) -> {
          requireNonNull(batch, "batch size");
          requireNonNull(time, "execution time");
          if (batch < 1) {
            throw new IllegalArgumentException("batch size: " + batch + " (expected: >= 1)");
          }
          if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException(
                "execution time for batch " + batch + ": " + time + " (expected: > 0)");
          }
          copy.put(batch, time);
        });
    return new BatchProfile(copy);
  }

  /** Creates a profile of one batch size: the model runs unbatched. */
  public static BatchProfile unbatched(Duration executionTime) {
    return of(Map.of(1, executionTime));
  }

  /** Returns the largest batch size the profile lists, the largest the model runs. */
  public int maxBatchSize() {
    return points.lastKey();
  }

  /** Returns the measured points, smallest batch first. */
  public SortedMap<Integer, Duration> points() {
    return Collections.unmodifiableSortedMap(points);
  }

  /**
   * Returns the execution time of a batch on the reference device.
   *
   * @param batchSize from 1 to {@link #maxBatchSize()}
   */
  public Duration executionTime(int batchSize) {
    return Duration.ofNanos(Math.round(executionSeconds(batchSize) * 1e9));
  }

  /** Returns the execution time of a batch on the reference device, in seconds. */
  double executionSeconds(int batchSize) {
    if (batchSize < 1 || batchSize > maxBatchSize()) {
      throw new IllegalArgumentException(
          "batchSize: " + batchSize + " (expected: 1.." + maxBatchSize() + ")");
    }
    Map.Entry<Integer, Duration> below = points.floorEntry(batchSize);
    Map.Entry<Integer, Duration> above = points.ceilingEntry(batchSize);
    if (below == null) {
      return seconds(points.firstEntry().getValue());
    }
    if (above == null || below.getKey().equals(above.getKey())) {
      return seconds(below.getValue());
    }
    double fraction = (double) (batchSize - below.getKey()) / (above.getKey() - below.getKey());
    double low = seconds(below.getValue());
    return low + fraction * (seconds(above.getValue()) - low);
  }

  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof BatchProfile that && points.equals(that.points);
  }

  @Override
  public int hashCode() {
    return points.hashCode();
  }

  @Override
  public String toString() {
    return "BatchProfile" + points;
  }
}
