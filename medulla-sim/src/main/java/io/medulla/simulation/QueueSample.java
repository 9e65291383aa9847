package io.medulla.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One model's queue at one moment.
 *
 * @param at the offset from the window's start
 * @param queued requests waiting, over every priority level and tenant
 * @param inFlight requests in batches that are executing
 */
public record QueueSample(Duration at, int queued, int inFlight) {
  /** Creates a sample; validates it. */
  public QueueSample {
    requireNonNull(at, "at");
    if (queued < 0 || inFlight < 0) {
      throw new IllegalArgumentException(
          "queued " + queued + ", inFlight " + inFlight + " (expected: >= 0)");
    }
  }
}
