package io.medulla.repository;

import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.StatusCode;
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
 * index only if the slot still holds that same version. The {@link LoadGate} is called holding the
 * model's lock, never the index's; {@link #evict} only tries the model's lock, so a gate that
 * evicts other models while one loads cannot deadlock.
 */
final class ModelLifecycle {
  static final String UNLOADED = "unloaded";

  private static final Logger logger = LoggerFactory.getLogger(ModelLifecycle.class);

  private final RepositoryScanner scanner;
  private final ModelPreparer preparer;
  private final RepositoryIndex index;
  private final VersionLoader loader;
  private final ModelLifecycleListener listener;
  private final LoadGate gate;
  private final Footprints footprints;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Queue<CompletableFuture<?>> drains = new ConcurrentLinkedQueue<>();

  ModelLifecycle(
      RepositoryScanner scanner,
      ModelPreparer preparer,
      RepositoryIndex index,
      VersionLoader loader,
      ModelLifecycleListener listener,
      LoadGate gate,
      Footprints footprints) {
    this.scanner = scanner;
    this.preparer = preparer;
    this.index = index;
    this.loader = loader;
    this.listener = listener;
    this.gate = gate;
    this.footprints = footprints;
  }

  /**
   * Brings a model in line with its folder and returns the problems (empty when every selected
   * version is ready). With {@code onlyIfChanged}, does nothing when the folder's stamp equals the
   * last attempt's.
   */
  List<String> reconcile(String name, boolean onlyIfChanged, LoadCause cause) {
    ReentrantLock lock = lock(name);
    lock.lock();
    try {
      return attempt(name, onlyIfChanged, cause).problems();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Loads a model's versions unless every version the index lists is READY, checked again under the
   * model's lock so that concurrent callers load it once: a version the cache evicted while another
   * serves is loaded again for a request that names it. Returns when a version is READY afterwards
   * (a version that failed beside it shows its reason in the index).
   *
   * @throws InferenceException with {@code UNAVAILABLE} when no version is READY: the load gate's
   *     reason when it refused, else the problems
   */
  void ensureLoaded(String name, LoadCause cause) {
    ReentrantLock lock = lock(name);
    lock.lock();
    try {
      ModelEntry entry = index.get(name);
      if (entry != null && entry.allReady()) {
        return;
      }
      LoadAttempt attempt = attempt(name, false, cause);
      ModelEntry after = index.get(name);
      if (after != null && after.highestReady() != null) {
        return; // a version that failed beside it shows its reason in the index
      }
      InferenceException refusal = attempt.refusal();
      if (refusal != null && attempt.problems().size() == 1) {
        throw new InferenceException(
            StatusCode.UNAVAILABLE, message(refusal), refusal.retryAfter(), refusal);
      }
      List<String> problems =
          attempt.problems().isEmpty() && after != null
              ? List.of(after.whyNotReady())
              : attempt.problems();
      throw new InferenceException(
          StatusCode.UNAVAILABLE, "failed to load model '" + name + "': " + join(problems));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a READY version out of service with {@code reason}, without waiting for the model's lock;
   * keeps the entry's config and stamp. Returns false when the lock is busy (including held by this
   * thread, which is then loading the same model) or the version is not READY.
   */
  boolean evict(ModelId id, String reason) {
    ReentrantLock lock = lock(id.name());
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
      return false;
    }
    try {
      ModelEntry entry = index.get(id.name());
      VersionSlot slot = entry == null ? null : entry.versions().get(id.version());
      ServedModel served = slot == null ? null : slot.served();
      if (slot == null || !slot.isReady() || served == null) {
        return false;
      }
      retire(id.name(), served, true, reason);
      logger.info("model '{}' version {} is leaving service: {}", id.name(), id.version(), reason);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private LoadAttempt attempt(String name, boolean onlyIfChanged, LoadCause cause) {
    ModelEntry old = index.get(name);
    String stamp = "";
    PreparedModel prepared;
    try {
      ModelFolder folder = scanner.scan(name);
      stamp = folder.stamp();
      if (onlyIfChanged && old != null && stamp.equals(old.stamp())) {
        return new LoadAttempt();
      }
      prepared = preparer.prepare(folder);
    } catch (ModelLoadException e) {
      return new LoadAttempt().problem(failModel(name, message(e), stamp, null));
    } catch (RuntimeException e) {
      return new LoadAttempt()
          .problem(
              failModel(name, name + ": failed (" + e.getClass().getSimpleName() + ")", stamp, e));
    }
    return apply(name, prepared, cause);
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
              retire(name, slot.served(), true, UNLOADED);
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
              retire(name, slot.served(), false, UNLOADED);
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

  private LoadAttempt apply(String name, PreparedModel prepared, LoadCause cause) {
    ModelEntry old = index.get(name);
    Map<Long, VersionSlot> oldSlots = old == null ? Map.of() : old.versions();
    boolean sameConfig = old != null && prepared.config().equals(old.config());
    LoadAttempt attempt = new LoadAttempt();
    List<String> problems = attempt.problems();
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
      loadVersion(name, prepared, plan, cause, attempt);
    }
    retireUnplanned(name, planned.keySet());
    if (!problems.isEmpty()) {
      logger.warn("model '{}': {}", name, String.join("; ", problems));
    }
    return attempt;
  }

  /**
   * Loads one version: asks the gate for room, loads and warms it up, makes it READY, and settles
   * the gate; records a problem in {@code attempt} when it does not become READY.
   */
  private void loadVersion(
      String name, PreparedModel prepared, VersionPlan plan, LoadCause cause, LoadAttempt attempt) {
    long v = plan.version();
    ModelConfig config = prepared.config();
    ModelId id = new ModelId(config.name(), v);
    long expected =
        footprints.expected(
            id, VersionLoader.declared(config), plan.file(), config.instanceCount());
    try {
      gate.reserve(id, Footprints.device(config.instanceGroups()), expected, cause);
    } catch (InferenceException e) {
      String reason = message(e);
      markFailed(name, v, reason);
      attempt.refused(reason, e);
      return;
    } catch (RuntimeException e) {
      logger.warn("model '{}' version {}: the load gate failed", name, v, e);
      String reason =
          name + "/" + v + ": the load gate failed (" + e.getClass().getSimpleName() + ")";
      markFailed(name, v, reason);
      attempt.problem(reason);
      return;
    }
    LoadedVersion loaded;
    try {
      loaded = loader.load(prepared, plan, () -> markWarming(name, v, plan.stamp()));
    } catch (ModelLoadException e) {
      String problem = message(e);
      markFailed(name, v, problem);
      settle(id, null);
      attempt.problem(problem);
      return;
    }
    ServedModel served = loaded.served();
    footprints.remember(id, loaded.measuredBytes());
    ModelEntry current = index.get(name);
    VersionSlot prev = current == null ? null : current.versions().get(v);
    index.update(
        name,
        e -> {
          ModelEntry base = e != null ? e : ModelEntry.notLoaded(name, "");
          return base.withSlot(new VersionSlot(v, ModelState.READY, "", served, plan.stamp()));
        });
    logger.info(
        "model '{}' version {} is READY (sha256 {}, load {} ms, warm-up {} ms in {} runs)",
        name,
        v,
        plan.sha256(),
        loaded.report().loadNanos() / 1_000_000,
        loaded.report().warmupNanos() / 1_000_000,
        loaded.report().warmupRuns());
    settle(id, loaded.report());
    if (prev != null && prev.isReady() && prev.served() != null) {
      // The same version number was reloaded: drain the instance it replaced.
      retire(name, prev.served(), false, UNLOADED);
    }
  }

  /** Shows a freshly loaded version as WARMING, unless an older load of it is still serving. */
  private void markWarming(String name, long v, String stamp) {
    index.update(
        name,
        e ->
            e == null || slotReady(e, v)
                ? e
                : e.withSlot(new VersionSlot(v, ModelState.WARMING, "", null, stamp)));
  }

  /** Shows a version as UNAVAILABLE, unless an older load of it is still serving. */
  private void markFailed(String name, long v, String reason) {
    index.update(
        name,
        e -> e == null || slotReady(e, v) ? e : e.withSlot(VersionSlot.unavailable(v, reason)));
  }

  private void settle(ModelId id, @Nullable LoadReport report) {
    try {
      gate.settle(id, report);
    } catch (RuntimeException e) {
      logger.warn(
          "model '{}' version {}: the load gate failed to settle", id.name(), id.version(), e);
    }
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
        retire(name, slot.served(), true, UNLOADED);
      }
    }
  }

  /**
   * Takes a version out of service: marks it UNLOADING (when its row stays), asks the listener to
   * drain it, and closes it once drained; a kept row then shows UNAVAILABLE with {@code reason}.
   */
  private void retire(String name, ServedModel served, boolean keepRow, String reason) {
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
                            ? e.withSlot(VersionSlot.unavailable(v, reason))
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

  private ReentrantLock lock(String name) {
    return locks.computeIfAbsent(name, k -> new ReentrantLock());
  }

  private void withLock(String name, Runnable action) {
    ReentrantLock lock = lock(name);
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
