package io.medulla.repository;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.StatusCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A load gate that records its calls ("reserve m/1 host 8 START", "settle m/1 ready", "settle m/1
 * failed") and refuses the models it is told to.
 */
final class RecordingGate implements LoadGate {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<LoadReport> settled = new CopyOnWriteArrayList<>();
  final Set<String> refused = ConcurrentHashMap.newKeySet();
  volatile Consumer<ModelId> onReserve = id -> {};

  @Override
  public void reserve(ModelId id, String device, long expectedBytes, LoadCause cause) {
    calls.add("reserve " + id + " " + device + " " + expectedBytes + " " + cause);
    onReserve.accept(id);
    if (refused.contains(id.name())) {
      throw new InferenceException(
          StatusCode.UNAVAILABLE,
          "model '" + id + "' needs " + expectedBytes + " bytes but the budget has 0 left");
    }
  }

  @Override
  public void settle(ModelId id, @Nullable LoadReport report) {
    calls.add("settle " + id + " " + (report == null ? "failed" : "ready"));
    if (report != null) {
      settled.add(report);
    }
  }
}
