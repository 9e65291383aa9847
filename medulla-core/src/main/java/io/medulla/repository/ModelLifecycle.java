package io.medulla.repository;

import io.medulla.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one model at a time between its states: loads, reloads, unloads and removes.
 *
 * <p>Locking: each model has its own lock, held for the whole of a load or unload of that model
 * (including backend calls), so operations on one model are serialized while other models proceed.
 * No request ever takes these locks. The index's lock is taken only inside {@link
 * RepositoryIndex#update} and never around a backend or listener call. Drain futures complete on
 * whatever thread the listener completes them; their callbacks close the version and update the
 * index only if the slot still holds that same version.
 */
final class ModelLifecycle {
  static final String UNLOADED = "unloaded";

  private static final Logger logger = LoggerFactory.getLogger(ModelLifecycle.class);

  private final RepositoryScanner scanner;
  private final ModelPreparer preparer;
  private final RepositoryIndex index;
  private final VersionLoader loader;
  private final ModelLifecycleListener listener;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Queue<CompletableFuture<?>> drains = new ConcurrentLinkedQueue<>();

  ModelLifecycle(
      RepositoryScanner scanner,
      ModelPreparer preparer,
      RepositoryIndex index,
      VersionLoader loader,
      ModelLifecycleListener listener) {
    this.scanner = scanner;
    this.preparer = preparer;
    this.index = index;
    this.loader = loader;
    this.listener = listener;
  }

  /**
   * Brings a model in line with its folder and returns the problems (empty when every selected
   * version is ready). With {@code onlyIfChanged}, does nothing when the folder's stamp equals the
   * last attempt's.
   */
  List<String> reconcile(String name, boolean onlyIfChanged) {
    ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
    lock.lock();
    try {
      ModelEntry old = index.get(name);
      String stamp = "";
      PreparedModel prepared;
      try {
        ModelFolder folder = scanner.scan(name);
        stamp = folder.stamp();
        if (onlyIfChanged && old != null && stamp.equals(old.stamp())) {
          return List.of();
        }
        prepared = preparer.prepare(folder);
      } catch (ModelLoadException e) {
        return List.of(failModel(name, message(e), stamp, null));
      } catch (RuntimeException e) {
        return List.of(
            failModel(name, name + ": failed (" + e.getClass().getSimpleName() + ")", stamp, e));
      }
      return apply(name, prepared);
    } finally {
      lock.unlock();
    }
  }

  /** Unloads every ready version of a model; keeps it in the index. */
  void unload(String name) {
    withLock(
        name,
        () -> {
          ModelEntry entry = index.get(name);
          if (entry == null) {
            return;
          }
          for (VersionSlot slot : entry.versions().values()) {
            if (slot.isReady() && slot.served() != null) {
              retire(name, slot.served(), true);
            }
          }
          index.update(
              name, e -> e == null ? null : new ModelEntry(name, e.config(), e.versions(), "", ""));
        });
  }

  /** Unloads every ready version of a model and drops it from the index. */
  void remove(String name) {
    withLock(
        name,
        () -> {
          ModelEntry entry = index.get(name);
          if (entry == null) {
            return;
          }
          for (VersionSlot slot : entry.versions().values()) {
            if (slot.isReady() && slot.served() != null) {
              retire(name, slot.served(), false);
            }
          }
          index.update(name, e -> null);
          logger.info("model '{}' left the repository and is unloading", name);
        });
  }

  /** Returns a future that completes when every unload begun so far has closed its version. */
  CompletableFuture<Void> drained() {
    return CompletableFuture.allOf(drains.toArray(CompletableFuture<?>[]::new));
  }

  private List<String> apply(String name, PreparedModel prepared) {
    ModelEntry old = index.get(name);
    Map<Long, VersionSlot> oldSlots = old == null ? Map.of() : old.versions();
    boolean sameConfig = old != null && prepared.config().equals(old.config());
    List<String> problems = new ArrayList<>();
    List<VersionPlan> toLoad = new ArrayList<>();
    SortedMap<Long, VersionSlot> planned = new TreeMap<>();
    for (VersionPlan plan : prepared.versions()) {
      VersionSlot prev = oldSlots.get(plan.version());
      boolean prevReady = prev != null && prev.isReady();
      if (!plan.isLoadable()) {
        // A broken new file does not take down the version that is serving.
        problems.add(plan.problem());
        planned.put(
            plan.version(),
            prevReady ? prev : VersionSlot.unavailable(plan.version(), plan.problem()));
      } else if (prev != null && prevReady && sameConfig && prev.stamp().equals(plan.stamp())) {
        planned.put(plan.version(), prev);
      } else {
        toLoad.add(plan);
        planned.put(
            plan.version(),
            prevReady ? prev : new VersionSlot(plan.version(), ModelState.LOADING, "", null, ""));
      }
    }
    index.update(
        name,
        e -> {
          SortedMap<Long, VersionSlot> slots = new TreeMap<>();
          if (e != null) {
            // Versions outside the plan stay until the new ones are ready; failed rows go.
            e.versions()
                .forEach(
                    (v, s) -> {
                      if (s.state() != ModelState.UNAVAILABLE) {
                        slots.put(v, s);
                      }
                    });
          }
          slots.putAll(planned);
          return new ModelEntry(name, prepared.config(), slots, "", prepared.stamp());
        });
    for (VersionPlan plan : toLoad) {
      String problem = loadVersion(name, prepared, plan);
      if (!problem.isEmpty()) {
        problems.add(problem);
      }
    }
    retireUnplanned(name, planned.keySet());
    if (!problems.isEmpty()) {
      logger.warn("model '{}': {}", name, String.join("; ", problems));
    }
    return problems;
  }

  private String loadVersion(String name, PreparedModel prepared, VersionPlan plan) {
    long v = plan.version();
    ServedModel served;
    try {
      served = loader.load(prepared, plan);
    } catch (ModelLoadException e) {
      String problem = message(e);
      index.update(
          name,
          e2 ->
              e2 == null || slotReady(e2, v)
                  ? e2
                  : e2.withSlot(VersionSlot.unavailable(v, problem)));
      return problem;
    }
    ModelEntry current = index.get(name);
    VersionSlot prev = current == null ? null : current.versions().get(v);
    index.update(
        name,
        e -> {
          ModelEntry base = e != null ? e : ModelEntry.notLoaded(name, "");
          return base.withSlot(new VersionSlot(v, ModelState.READY, "", served, plan.stamp()));
        });
    logger.info("model '{}' version {} is READY (sha256 {})", name, v, plan.sha256());
    if (prev != null && prev.isReady() && prev.served() != null) {
      // The same version number was reloaded: drain the instance it replaced.
      retire(name, prev.served(), false);
    }
    return "";
  }

  private void retireUnplanned(String name, Set<Long> planned) {
    ModelEntry entry = index.get(name);
    if (entry == null) {
      return;
    }
    boolean anyPlannedReady = planned.stream().anyMatch(v -> slotReady(entry, v));
    if (!anyPlannedReady) {
      return;
    }
    for (VersionSlot slot : entry.versions().values()) {
      if (!planned.contains(slot.version()) && slot.isReady() && slot.served() != null) {
        retire(name, slot.served(), true);
      }
    }
  }

  /**
   * Takes a version out of service: marks it UNLOADING (when its row stays), asks the listener to
   * drain it, and closes it once drained.
   */
  private void retire(String name, ServedModel served, boolean keepRow) {
    long v = served.id().version();
    if (keepRow) {
      index.update(
          name,
          e ->
              e != null && holds(e, v, served)
                  ? e.withSlot(new VersionSlot(v, ModelState.UNLOADING, "unloading", served, ""))
                  : e);
    }
    CompletableFuture<Void> drain;
    try {
      drain = listener.versionUnloading(served);
    } catch (RuntimeException e) {
      logger.warn("model '{}' version {}: lifecycle listener failed while unloading", name, v, e);
      drain = null;
    }
    if (drain == null) {
      drain = CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done =
        drain.handle(
            (ok, err) -> {
              loader.close(served);
              if (keepRow) {
                index.update(
                    name,
                    e ->
                        e != null && holds(e, v, served)
                            ? e.withSlot(VersionSlot.unavailable(v, UNLOADED))
                            : e);
              }
              logger.info("model '{}' version {} is unloaded", name, v);
              return null;
            });
    drains.removeIf(CompletableFuture::isDone);
    drains.add(done);
  }

  private String failModel(String name, String reason, String stamp, @Nullable Throwable cause) {
    if (cause != null) {
      logger.warn("model '{}' is unavailable: {}", name, reason, cause);
    } else {
      logger.warn("model '{}' is unavailable: {}", name, reason);
    }
    index.update(
        name,
        e -> {
          if (e != null && e.highestReady() != null) {
            // Keep serving what was loaded before; the reason shows in the index.
            return new ModelEntry(name, e.config(), e.versions(), reason, stamp);
          }
          SortedMap<Long, VersionSlot> draining = new TreeMap<>();
          if (e != null) {
            e.versions()
                .forEach(
                    (v, s) -> {
                      if (s.state() == ModelState.UNLOADING) {
                        draining.put(v, s);
                      }
                    });
          }
          return new ModelEntry(name, null, draining, reason, stamp);
        });
    return reason;
  }

  private void withLock(String name, Runnable action) {
    ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  private static boolean slotReady(ModelEntry e, long v) {
    VersionSlot s = e.versions().get(v);
    return s != null && s.isReady();
  }

  // Identity, not equality: a reload of the same version brings an equal-looking ServedModel.
  @SuppressWarnings("ReferenceEquality")
  private static boolean holds(ModelEntry e, long v, ServedModel served) {
    VersionSlot s = e.versions().get(v);
    return s != null && s.served() == served;
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  static String join(List<String> problems) {
    return String.join("; ", problems);
  }
}
