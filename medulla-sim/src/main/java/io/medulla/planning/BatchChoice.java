package io.medulla.planning;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The batch size an instance runs at on one device type, and what it costs there.
 *
 * <p>The cost model is Nexus's "squishy" one. An instance receiving {@code r} requests per second
 * and running batches of {@code b} takes {@code t(b) = profile(b) / speed} per batch and starts a
 * batch every {@code b / r} seconds, so it keeps the device busy for the fraction
 *
 * <pre>   u(b) = r &times; t(b) / b                       (the compute share)</pre>
 *
 * Its worst-case latency is that of the first request of a batch: it waits for {@code b - 1} more
 * requests to arrive, may then wait for the instance to finish the previous batch, and then runs:
 *
 * <pre>   L(b) = (b - 1) / r + t(b) + t(b)              (fill wait, previous batch, own batch)
 * </pre>
 *
 * The chosen batch is the {@code b} from 1 to the profile's largest size that minimises {@code
 * u(b)} subject to {@code L(b) <= SLO}; ties go to the smaller batch (lower latency). A rate of
 * zero runs at batch 1 with a share of zero. The bound ignores queueing behind other models'
 * batches on a shared device; the planner's utilisation headroom is what absorbs it.
 *
 * @param batchSize the batch size
 * @param computeShare the fraction of the device's time the instance keeps it busy, {@code u(b)}
 * @param worstLatency the worst-case latency {@code L(b)}
 */
public record BatchChoice(int batchSize, double computeShare, Duration worstLatency) {
  /** Validates the fields. */
  public BatchChoice {
    requireNonNull(worstLatency, "worstLatency");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: >= 1)");
    }
    if (!(computeShare >= 0)) {
      throw new IllegalArgumentException("computeShare: " + computeShare + " (expected: >= 0)");
    }
  }

  /**
   * Returns the batch size with the smallest compute share that meets the SLO, or empty when even
   * batch 1 misses it.
   *
   * @param profile execution times on the reference device
   * @param requestsPerSecond the rate this instance receives (&ge; 0)
   * @param speed the device's speed relative to the reference device (&gt; 0)
   * @param latencySlo the latency bound every request must meet
   */
  public static Optional<BatchChoice> best(
      BatchProfile profile, double requestsPerSecond, double speed, Duration latencySlo) {
    requireNonNull(profile, "profile");
    requireNonNull(latencySlo, "latencySlo");
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requestsPerSecond: " + requestsPerSecond + " (expected: finite, >= 0)");
    }
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed: " + speed + " (expected: finite, > 0)");
    }
    double slo = BatchProfile.seconds(latencySlo);
    int bestBatch = 0;
    double bestShare = Double.POSITIVE_INFINITY;
    double bestLatency = 0;
    int largest = requestsPerSecond == 0 ? 1 : profile.maxBatchSize();
    for (int batch = 1; batch <= largest; batch++) {
      double time = profile.executionSeconds(batch) / speed;
      double fillWait = batch == 1 ? 0 : (batch - 1) / requestsPerSecond;
      double latency = fillWait + 2 * time;
      if (latency > slo * (1 + 1e-12)) {
        continue;
      }
      double share = requestsPerSecond * time / batch;
      if (share < bestShare * (1 - 1e-12)) {
        bestBatch = batch;
        bestShare = share;
        bestLatency = latency;
      }
    }
    if (bestBatch == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new BatchChoice(bestBatch, bestShare, Duration.ofNanos(Math.round(bestLatency * 1e9))));
  }
}
