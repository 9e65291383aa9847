package io.medulla.cache;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.Deadline;
import io.medulla.inference.InferenceException;
import io.medulla.inference.ModelId;
import io.medulla.inference.ModelNotReadyException;
import io.medulla.inference.StatusCode;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadGate;
import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelLease;
import io.medulla.repository.ModelLifecycleListener;
import io.medulla.repository.ModelRepository;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.LoadedModel;
import io.medulla.time.Ticker;
import io.medulla.time.Timer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size-aware model cache: keeps the loaded versions of each device within its {@link
 * MemoryBudget}, evicting the least recently used idle, unpinned versions to make room, and loads
 * models on demand when a request needs one that is in the repository but not loaded.
 *
 * <p>Wiring. The cache and the repository need each other: the repository calls the cache as its
 * {@link LoadGate} around every load, and the cache calls the repository to load, evict and
 * resolve. The composition root therefore builds the cache first, the repository with it, and then
 * binds them, once:
 *
 * <pre>{@code
 * ModelCache cache = ModelCache.builder().budget(budget).timer(timer).build();
 * ModelRepository repository = ModelRepository.builder(root)
 *     .loadGate(cache)
 *     .listener(both(engineListener, cache.lifecycleListener()))
 *     .build();
 * cache.bind(repository);
 * cache.start(loadModels);   // instead of repository.start
 * }</pre>
 *
 * The repository's lifecycle events must reach {@link #lifecycleListener()}: that is how the cache
 * learns which versions are resident, where, and with what footprint, whoever caused their load.
 *
 * <p>Requests take a {@link ModelLease} from {@link #acquire} and close it when done with the
 * version; a version with an open lease is never evicted, nor is one of a pinned model, one kept
 * warm ({@link #keepWarm}), or one whose model is being loaded for waiters.
 *
 * <p>Thread safety: every method may be called from any thread. The bookkeeping sits under one
 * short cache lock, which is never held while calling the repository, the {@link CacheListener},
 * the executor, the timer, or while completing futures; the single-flight table has its own short
 * lock, never taken together with the cache lock. Waiting requests complete on the load executor's
 * thread that ran the load (or on the timer's thread when their deadline passes).
 */
public final class ModelCache implements LoadGate, AutoCloseable {
  /** The Retry-After of a load the memory budget refused. */
  static final Duration REFUSAL_RETRY_AFTER = Duration.ofSeconds(1);

  private static final Logger logger = LoggerFactory.getLogger(ModelCache.class);
  private static final int RESOLVE_ATTEMPTS = 3;

  private final AtomicReference<@Nullable ModelRepository> repository = new AtomicReference<>();
  private final Ledger ledger;
  private final CacheListener listener;
  private final RoomMaker roomMaker;
  private final LoadFlights flights;
  private final Ticker ticker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ModelLifecycleListener lifecycle = new Lifecycle();

  ModelCache(
      MemoryBudget budget,
      Set<String> pinned,
      Ticker ticker,
      Timer timer,
      Executor loadExecutor,
      CacheListener listener) {
    this.ticker = ticker;
    this.ledger = new Ledger(budget, ticker, pinned);
    this.listener = new GuardedListener(listener);
    this.roomMaker = new RoomMaker(ledger, this::repository, this.listener);
    this.flights =
        new LoadFlights(
            (model, cause) -> repository().ensureLoaded(model, cause),
            loadExecutor,
            timer,
            ticker,
            ledger);
  }

  /** Returns a builder for a cache that is bound to a repository later ({@link #bind}). */
  public static ModelCacheBuilder builder() {
    return new ModelCacheBuilder(null);
  }

  /**
   * Returns a builder for a cache bound to {@code repository} on build, for a repository whose load
   * gate is set otherwise.
   */
  public static ModelCacheBuilder builder(ModelRepository repository) {
    return new ModelCacheBuilder(requireNonNull(repository, "repository"));
  }

  /**
   * Binds the cache to the repository whose load gate it is; reads the repository's pinned models.
   *
   * @throws IllegalStateException if the cache is bound already
   */
  public void bind(ModelRepository repository) {
    requireNonNull(repository, "repository");
    if (!this.repository.compareAndSet(null, repository)) {
      throw new IllegalStateException("the model cache is bound to a repository already");
    }
    ledger.pinAlso(repository.pinnedModels());
  }

  private ModelRepository repository() {
    ModelRepository r = repository.get();
    if (r == null) {
      throw new IllegalStateException(
          "the model cache is not bound to a repository: call bind(repository) first");
    }
    return r;
  }

  /**
   * Returns the listener that the repository's lifecycle events must be forwarded to: loaded
   * versions (with their footprint and device) and versions leaving service. Its methods do not
   * block.
   */
  public ModelLifecycleListener lifecycleListener() {
    return lifecycle;
  }

  /**
   * Starts the repository ({@link ModelRepository#start}) and then loads every pinned model that is
   * not ready, in every control mode, evicting unpinned versions if needed. While the repository
   * starts, unpinned models load only if they fit without evicting anything and while leaving room
   * for the pinned models' expected footprints; the others stay unloaded with the reason, and load
   * on their first request. Blocks until done; load failures are in the index, not thrown.
   */
  public void start(Set<String> loadModels) {
    ModelRepository repo = repository();
    ledger.pinAlso(repo.pinnedModels());
    Set<String> inRepository = new HashSet<>(repo.modelNames());
    Map<String, Long> pinnedRoom = new TreeMap<>();
    for (String model : ledger.pinned()) {
      if (inRepository.contains(model)) {
        pinnedRoom.put(model, repo.expectedFootprint(model));
      } else {
        logger.warn("pinned model '{}' is not in the repository", model);
      }
    }
    ledger.keepRoomForPinned(pinnedRoom);
    try {
      repo.start(loadModels);
      for (String model : pinnedRoom.keySet()) {
        try {
          repo.ensureLoaded(model, LoadCause.START);
        } catch (InferenceException e) {
          logger.warn("pinned model '{}' did not load: {}", model, e.getMessage());
        }
      }
    } finally {
      ledger.stopKeepingRoomForPinned();
    }
  }

  // The load gate.

  /**
   * Reserves room for a version about to load, evicting idle versions of other models when needed
   * (see the class comment for which may go). Unpinned models loading at start and predicted
   * pre-warms never evict.
   *
   * @throws InferenceException with {@code UNAVAILABLE} and the figures when there is no room
   */
  @Override
  public void reserve(ModelId id, String device, long expectedBytes, LoadCause cause) {
    requireNonNull(id, "id");
    requireNonNull(device, "device");
    requireNonNull(cause, "cause");
    if (expectedBytes < 0) {
      throw new IllegalArgumentException("expectedBytes: " + expectedBytes + " (expected: >= 0)");
    }
    String model = id.name();
    boolean admission = cause == LoadCause.START && !ledger.isPinned(model);
    boolean mayEvict = !admission && cause != LoadCause.PREDICTION;
    ledger.reserve(id, device, expectedBytes, cause);
    Shortage shortage =
        roomMaker.makeRoom(
            device, model, expectedBytes, admission, mayEvict, "to load '" + model + "'");
    if (shortage == null) {
      return;
    }
    ledger.dropReservation(id);
    String reason;
    if (admission) {
      ledger.displace(model);
      reason = shortage.admissionRefusal();
    } else if (cause == LoadCause.PREDICTION) {
      reason = shortage.predictionRefusal(model);
    } else {
      reason = shortage.refusal(model);
    }
    logger.warn("model '{}': version {} refused ({}): {}", model, id.version(), cause, reason);
    listener.refused(model, reason);
    // Room comes back as leases end and keep-warm windows pass: worth asking again soon.
    throw new InferenceException(StatusCode.UNAVAILABLE, reason, REFUSAL_RETRY_AFTER);
  }

  /**
   * Turns a reservation into the version's measured footprint (or releases it when the load
   * failed). When the version turned out larger than reserved and its device is over budget, evicts
   * idle versions of other models; when none may go, logs a warning and keeps the new version.
   */
  @Override
  public void settle(ModelId id, @Nullable LoadReport report) {
    requireNonNull(id, "id");
    Ledger.Settled settled = ledger.settle(id, report);
    if (report == null) {
      return;
    }
    logger.info(
        "model '{}': version {} loaded ({}): {} on {}, load {} ms, warm-up {} ms",
        id.name(),
        id.version(),
        settled.cause(),
        Bytes.format(report.memoryBytes()),
        report.device(),
        report.loadNanos() / 1_000_000,
        report.warmupNanos() / 1_000_000);
    listener.loaded(id, report, settled.cause());
    if (report.memoryBytes() <= settled.expectedBytes()) {
      return;
    }
    Shortage shortage =
        roomMaker.makeRoom(
            report.device(),
            id.name(),
            report.memoryBytes(),
            false,
            true,
            "after '" + id.name() + "' loaded larger than expected");
    if (shortage != null) {
      logger.warn(
          "model '{}': version {} holds {}, more than the {} expected; {} is {} over its budget"
              + " of {} and nothing more can be evicted ({})",
          id.name(),
          id.version(),
          Bytes.format(report.memoryBytes()),
          Bytes.format(settled.expectedBytes()),
          report.device(),
          Bytes.format(shortage.neededBytes() - shortage.freeBytes()),
          Bytes.format(shortage.budgetBytes()),
          shortage.blockers());
    }
  }

  // Requests.

  /**
   * Returns a lease on the ready version of {@code model} ({@code version} empty: the one the
   * version policy prefers). When the model is in the repository but not loaded, loads it first,
   * unless the control mode forbids it (EXPLICIT mode loads on demand only models the cache evicted
   * or refused at start, and pinned ones); concurrent requests wait for the same load, and each
   * request's deadline still applies to its own wait. The future fails with {@code NOT_FOUND} for
   * an unknown model, {@code UNAVAILABLE} when the model cannot be loaded (with the reason, as the
   * memory budget's figures), or {@code DEADLINE_EXCEEDED} when the deadline passed while waiting.
   * After {@link #close}, requests for loaded models are still served; loads are refused.
   */
  public CompletableFuture<ModelLease> acquire(String model, String version, Deadline deadline) {
    requireNonNull(model, "model");
    requireNonNull(version, "version");
    requireNonNull(deadline, "deadline");
    ModelRepository repo;
    try {
      repo = repository();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    try {
      ModelLease lease = leaseReady(repo, model, version, false);
      if (lease != null) {
        return CompletableFuture.completedFuture(lease);
      }
      // The version is being evicted under us: load it again, whatever the mode.
    } catch (ModelNotReadyException e) {
      if (!ledger.mayLoadOnDemand(model, repo.controlMode())) {
        return CompletableFuture.failedFuture(e);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    long started = ticker.nanos();
    return flights.await(
        model,
        LoadCause.ON_DEMAND,
        deadline,
        new LoadFlights.Delivery<ModelLease>() {
          @Override
          public ModelLease take() {
            ModelLease lease = leaseReady(repository(), model, version, true);
            if (lease == null) {
              throw new InferenceException(
                  StatusCode.UNAVAILABLE,
                  "model '" + model + "' was evicted again before the request could use it; retry");
            }
            return lease;
          }

          @Override
          public void delivered(ModelLease lease) {
            listener.coldStart(model, ticker.nanos() - started);
          }

          @Override
          public void discard(ModelLease lease) {
            lease.close();
          }
        });
  }

  /**
   * Resolves the version and takes a lease on it; returns null when the version is being evicted.
   *
   * @throws InferenceException as {@link ModelRepository#resolve}
   */
  private @Nullable ModelLease leaseReady(
      ModelRepository repo, String model, String version, boolean coldStart) {
    LoadedModel previous = null;
    for (int attempt = 1; ; attempt++) {
      ServedModel served = repo.resolve(model, version);
      Resident resident = ledger.find(served.model());
      if (resident != null) {
        if (!resident.tryLease(ledger.nextUseOrder(), ticker.nanos())) {
          return null;
        }
        return new CachedLease(served, coldStart, resident, ledger);
      }
      // Unknown to the cache: evicted between resolve and find (then resolving again tells), or
      // its lifecycle events are not forwarded (then the lease cannot hold it).
      if (served.model() == previous || attempt == RESOLVE_ATTEMPTS) {
        return new CachedLease(served, coldStart, null, ledger);
      }
      previous = served.model();
    }
  }

  // Pre-warm.

  /**
   * Loads {@code model} ahead of demand on the load executor, sharing the load with requests that
   * arrive meanwhile. With {@link LoadCause#PREDICTION} the load may use free memory only and is
   * refused rather than evict; with {@link LoadCause#SCHEDULE} it may evict like a request. The
   * future completes when the model is ready, or fails with why not.
   */
  public CompletableFuture<Void> prewarm(String model, LoadCause cause) {
    requireNonNull(model, "model");
    requireNonNull(cause, "cause");
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (closed.get()) {
      result.completeExceptionally(
          new InferenceException(
              StatusCode.UNAVAILABLE,
              "the server is shutting down; no pre-warm of '" + model + "'"));
      return result;
    }
    flights
        .await(model, cause, Deadline.none(), () -> Boolean.TRUE)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else {
                result.complete(null);
              }
            });
    return result;
  }

  /**
   * Returns whether {@code model}'s expected footprint ({@link ModelRepository#expectedFootprint})
   * fits in the free memory of its device (the device it loaded on last, else host), without
   * evicting anything.
   */
  public boolean fitsWithoutEviction(String model) {
    long expected = repository().expectedFootprint(model);
    return ledger.freeBytes(ledger.deviceOf(model)) >= expected;
  }

  /** Returns whether {@code model} has a READY version. */
  public boolean isReady(String model) {
    try {
      repository().resolve(model, "");
      return true;
    } catch (InferenceException e) {
      return false;
    }
  }

  /**
   * Returns how long {@code model} took to load and warm up: the sum, over its versions, of each
   * version's last {@link LoadReport#totalNanos}; empty when it has not loaded since the cache
   * started.
   */
  public OptionalLong measuredLoadNanos(String model) {
    return ledger.measuredLoadNanos(model);
  }

  /**
   * Protects {@code model}'s versions from eviction until the ticker reads {@code
   * untilTickerNanos}; a later call extends the protection, never shortens it.
   */
  public void keepWarm(String model, long untilTickerNanos) {
    requireNonNull(model, "model");
    ledger.keepWarm(model, untilTickerNanos, ticker.nanos());
  }

  /** Returns whether {@code model} is pinned: configured on the cache or marked in its config. */
  public boolean isPinned(String model) {
    return ledger.isPinned(model);
  }

  /** Returns each device's memory held and budget, sorted by device (host is always listed). */
  public List<DeviceMemory> memory() {
    return ledger.memory();
  }

  /** Returns every version resident in memory, sorted by model, then version. */
  public List<ResidentVersion> residents() {
    return ledger.residents();
  }

  /** Returns the models being loaded for waiters now, sorted. */
  Set<String> loading() {
    return new TreeSet<>(flights.loading());
  }

  /**
   * Fails every request and pre-warm still waiting for a load with {@code UNAVAILABLE} ("shutting
   * down") and cancels their deadline timers; loads in progress finish in the background. Does not
   * close the repository. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      flights.close();
    }
  }

  /** Follows the repository's versions: resident ones and their footprints, and departures. */
  private final class Lifecycle implements ModelLifecycleListener {
    @Override
    public void versionLoaded(ServedModel model, LoadReport report) {
      ledger.versionLoaded(model, report);
    }

    @Override
    public CompletableFuture<Void> versionUnloading(ServedModel model) {
      ledger.versionUnloading(model);
      return CompletableFuture.completedFuture(null);
    }
  }
}
