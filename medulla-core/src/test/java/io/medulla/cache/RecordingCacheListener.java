package io.medulla.cache;

import io.medulla.inference.ModelId;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records cache events as text: "loaded a/1 ON_DEMAND", "evicted a/1 host 100", ... */
final class RecordingCacheListener implements CacheListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Long> coldStartWaits = new CopyOnWriteArrayList<>();
  final List<String> refusals = new CopyOnWriteArrayList<>();

  @Override
  public void loaded(ModelId id, LoadReport report, LoadCause cause) {
    events.add("loaded " + id + " " + cause);
  }

  @Override
  public void evicted(ModelId id, String device, long bytes, String reason) {
    events.add("evicted " + id + " " + device + " " + bytes);
  }

  @Override
  public void coldStart(String model, long waitedNanos) {
    events.add("cold start " + model);
    coldStartWaits.add(waitedNanos);
  }

  @Override
  public void refused(String model, String reason) {
    events.add("refused " + model);
    refusals.add(reason);
  }

  List<String> starting(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }
}
