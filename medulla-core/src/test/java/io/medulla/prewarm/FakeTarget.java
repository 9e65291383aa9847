package io.medulla.prewarm;

import io.medulla.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A model cache on virtual time: a load takes the model's load time on the {@link VirtualClock},
 * then the model is READY. Records every call. Single-threaded, like the clock that drives it.
 */
final class FakeTarget implements PrewarmTarget {
  /** One call to {@link #load}. */
  record Load(String model, PrewarmKind kind, long startedNanos) {}

  private final VirtualClock clock;
  private final Map<String, List<String>> graphs = new HashMap<>();
  private final Set<String> models = new HashSet<>();
  private final Map<String, Duration> loadTimes = new HashMap<>();
  private final Map<String, Long> measured = new HashMap<>();
  private final Set<String> ready = new HashSet<>();
  private final Set<String> noRoom = new HashSet<>();
  private final Set<String> failing = new HashSet<>();
  final List<Load> loads = new ArrayList<>();
  final Map<String, Long> readyAt = new HashMap<>();
  final Map<String, Long> keptUntil = new HashMap<>();

  FakeTarget(VirtualClock clock) {
    this.clock = clock;
  }

  /** Adds a model that loads in {@code loadTime}; measured says whether that is known. */
  FakeTarget model(String name, Duration loadTime, boolean measuredBefore) {
    models.add(name);
    loadTimes.put(name, loadTime);
    if (measuredBefore) {
      measured.put(name, loadTime.toNanos());
    }
    return this;
  }

  FakeTarget graph(String name, String... calls) {
    graphs.put(name, List.of(calls));
    return this;
  }

  void makeReady(String model) {
    ready.add(model);
  }

  void evict(String model) {
    ready.remove(model);
  }

  void noRoomFor(String model) {
    noRoom.add(model);
  }

  void failLoadsOf(String model) {
    failing.add(model);
  }

  List<String> loadedModels() {
    return loads.stream().map(Load::model).toList();
  }

  @Override
  public List<String> modelsOf(String graphOrModel) {
    List<String> calls = graphs.get(graphOrModel);
    if (calls != null) {
      return calls;
    }
    if (models.contains(graphOrModel)) {
      return List.of(graphOrModel);
    }
    throw new IllegalArgumentException("no model or graph '" + graphOrModel + "'");
  }

  @Override
  public boolean isReady(String model) {
    return ready.contains(model);
  }

  @Override
  public OptionalLong measuredLoadNanos(String model) {
    Long n = measured.get(model);
    return n == null ? OptionalLong.empty() : OptionalLong.of(n);
  }

  @Override
  public boolean fitsWithoutEviction(String model) {
    return !noRoom.contains(model);
  }

  @Override
  public CompletableFuture<Void> load(String model, PrewarmKind kind) {
    loads.add(new Load(model, kind, clock.nanos()));
    CompletableFuture<Void> done = new CompletableFuture<>();
    Duration time = loadTimes.getOrDefault(model, Duration.ofSeconds(1));
    clock.schedule(
        time,
        () -> {
          if (failing.contains(model)) {
            done.completeExceptionally(new IllegalStateException("backend refused " + model));
            return;
          }
          ready.add(model);
          readyAt.put(model, clock.nanos());
          measured.put(model, time.toNanos());
          done.complete(null);
        });
    return done;
  }

  @Override
  public void keepWarm(String model, long untilTickerNanos) {
    keptUntil.merge(model, untilTickerNanos, Math::max);
  }
}
