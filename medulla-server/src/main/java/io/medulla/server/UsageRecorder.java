package io.medulla.server;

import io.medulla.engine.EngineListener;
import io.medulla.inference.ModelId;
import io.medulla.inference.RequestContext;
import io.medulla.inference.StatusCode;
import io.medulla.prewarm.UsageHistory;
import io.medulla.time.WallClock;
import org.jspecify.annotations.Nullable;

/**
 * Counts every finished model request in the usage history that predictive pre-warm learns from:
 * the model's name and the hour, nothing about the request. A graph's requests count for each model
 * it called, since those are what pre-warm loads.
 */
final class UsageRecorder implements EngineListener {
  private final UsageHistory history;
  private final WallClock wall;

  UsageRecorder(UsageHistory history, WallClock wall) {
    this.history = history;
    this.wall = wall;
  }

  @Override
  public void requestCompleted(
      ModelId model, RequestContext context, @Nullable StatusCode failure, long durationNanos) {
    history.record(model.name(), wall.now());
  }
}
