package io.medulla.prewarm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Remembers what a {@link Prewarmer} told it. */
final class RecordingPrewarmListener implements PrewarmListener {
  record Started(String model, PrewarmKind kind, String why) {}

  record Finished(String model, PrewarmKind kind, boolean ok, String detail) {}

  final List<Started> started = new ArrayList<>();
  final List<Finished> finished = new ArrayList<>();
  final Map<String, Double> expected = new HashMap<>();

  @Override
  public synchronized void prewarmStarted(String model, PrewarmKind kind, String why) {
    started.add(new Started(model, kind, why));
  }

  @Override
  public synchronized void prewarmFinished(
      String model, PrewarmKind kind, boolean ok, String detail) {
    finished.add(new Finished(model, kind, ok, detail));
  }

  @Override
  public synchronized void expected(String model, double expectedRequests) {
    expected.put(model, expectedRequests);
  }
}
