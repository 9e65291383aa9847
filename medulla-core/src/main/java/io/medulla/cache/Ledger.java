package io.medulla.cache;

import io.medulla.inference.ModelId;
import io.medulla.repository.LoadCause;
import io.medulla.repository.LoadReport;
import io.medulla.repository.ModelControlMode;
import io.medulla.repository.ServedModel;
import io.medulla.runtime.LoadedModel;
import io.medulla.time.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The cache's bookkeeping: which versions are resident where and with what footprint, the
 * reservations of loads in progress, pins, keep-warm protections, loads in flight, and the models
 * the cache displaced (evicted, or refused at start) and may therefore load on demand.
 *
 * <p>Thread safety: every method that touches this state is synchronized on the ledger: that
 * monitor is the cache lock. While holding it the ledger calls nothing but its own collections and
 * {@link Resident}'s atomics: no repository, listener, future or clock.
 */
final class Ledger {
  private static final Comparator<Resident> BY_ID =
      Comparator.comparing((Resident r) -> r.id().name()).thenComparingLong(r -> r.id().version());
  private static final int NAMES_PER_BLOCKER = 5;

  private final MemoryBudget budget;
  private final Ticker ticker;
  private final Set<String> configuredPinned;
  private final AtomicLong useOrders = new AtomicLong();
  private final Map<LoadedModel, Resident> residents = new IdentityHashMap<>();
  private final Map<ModelId, Reservation> reservations = new HashMap<>();
  private final Set<String> displaced = new HashSet<>();
  private final Map<String, Long> keepWarmUntil = new HashMap<>();
  private final Map<String, Integer> loadsInFlight = new HashMap<>();
  private final Map<String, Map<Long, Long>> loadNanosByVersion = new HashMap<>();
  private final Map<String, String> deviceOfModel = new HashMap<>();
  private Set<String> pinned;
  private Map<String, Long> pinnedRoom = Map.of();
  private long loadOrders;

  /** A load in progress: what it reserved, and how far it got. */
  private static final class Reservation {
    String device;
    long bytes;
    final long expectedBytes;
    final LoadCause cause;

    /** The load succeeded; {@link #bytes} is now the measured footprint. */
    boolean settled;

    /** The version this load made resident (its bytes count there, no longer here), if any. */
    @Nullable Resident resident;

    Reservation(String device, long bytes, LoadCause cause) {
      this.device = device;
      this.bytes = bytes;
      this.expectedBytes = bytes;
      this.cause = cause;
    }
  }

  /** What {@link #nextStep} found. */
  sealed interface Step permits Enough, Evict, Short {}

  /** The device's budget holds everything held and reserved on it. */
  record Enough() implements Step {}

  /**
   * Evict this version, claimed for eviction (see {@link Resident#markClosing}), and look again.
   */
  record Evict(Resident victim) implements Step {}

  /** There is no room, and evicting what may be evicted would not make enough. */
  record Short(Shortage shortage) implements Step {}

  /** What a settled load had reserved. */
  record Settled(LoadCause cause, long expectedBytes) {}

  Ledger(MemoryBudget budget, Ticker ticker, Set<String> configuredPinned) {
    this.budget = budget;
    this.ticker = ticker;
    this.configuredPinned = Set.copyOf(configuredPinned);
    this.pinned = this.configuredPinned;
  }

  MemoryBudget budget() {
    return budget;
  }

  long nowNanos() {
    return ticker.nanos();
  }

  /** Returns the next use stamp: later uses get larger stamps; 0 means never used. */
  long nextUseOrder() {
    return useOrders.incrementAndGet();
  }

  // Pins and start admission.

  /** Sets the pinned models: those configured on the cache and those the repository marks. */
  synchronized void pinAlso(Set<String> fromRepository) {
    Set<String> all = new TreeSet<>(configuredPinned);
    all.addAll(fromRepository);
    pinned = Set.copyOf(all);
  }

  synchronized boolean isPinned(String model) {
    return pinned.contains(model);
  }

  synchronized Set<String> pinned() {
    return new TreeSet<>(pinned);
  }

  /** Keeps room for pinned models not loaded yet while other models load at start. */
  synchronized void keepRoomForPinned(Map<String, Long> expectedBytes) {
    pinnedRoom = Map.copyOf(expectedBytes);
  }

  synchronized void stopKeepingRoomForPinned() {
    pinnedRoom = Map.of();
  }

  // Loads: reservations, settlements, lifecycle.

  /** Records a load's reservation, replacing an earlier one for the same version. */
  synchronized void reserve(ModelId id, String device, long bytes, LoadCause cause) {
    reservations.put(id, new Reservation(device, bytes, cause));
    deviceOfModel.put(id.name(), device);
  }

  /** Drops a reservation that was refused. */
  synchronized void dropReservation(ModelId id) {
    reservations.remove(id);
  }

  /**
   * Ends a load attempt: the reservation goes (failure, or the version is resident already) or
   * becomes the measured footprint until the version's lifecycle event makes it resident.
   */
  synchronized Settled settle(ModelId id, @Nullable LoadReport report) {
    Reservation r = reservations.get(id);
    Settled settled =
        r == null ? new Settled(LoadCause.API, 0) : new Settled(r.cause, r.expectedBytes);
    if (r != null) {
      Resident made = r.resident;
      if (report == null && made != null) {
        // Failed after its lifecycle event (warm-up, say): it never served and is gone.
        residents.remove(made.model(), made);
      }
      if (report == null || made != null) {
        reservations.remove(id);
      } else {
        r.settled = true;
        r.device = report.device();
        r.bytes = report.memoryBytes();
      }
    }
    if (report != null) {
      remember(report);
    }
    return settled;
  }

  /** A version became resident (its lifecycle event), whoever caused its load. */
  synchronized void versionLoaded(ServedModel served, LoadReport report) {
    ModelId id = served.id();
    Resident resident =
        new Resident(id, served.model(), report.device(), report.memoryBytes(), ++loadOrders);
    residents.put(served.model(), resident);
    Reservation r = reservations.get(id);
    if (r != null) {
      if (r.settled) {
        reservations.remove(id);
      } else {
        r.resident = resident;
      }
    }
    remember(report);
  }

  /**
   * A version left service. When the cache did not claim it, the repository unloaded it (API,
   * reload, poll), and the model no longer counts as displaced by the cache.
   */
  synchronized void versionUnloading(ServedModel served) {
    Resident r = residents.remove(served.model());
    if (r != null && !r.isClosing()) {
      displaced.remove(served.id().name());
    }
  }

  private void remember(LoadReport report) {
    ModelId id = report.id();
    loadNanosByVersion
        .computeIfAbsent(id.name(), k -> new TreeMap<>())
        .put(id.version(), report.totalNanos());
    deviceOfModel.put(id.name(), report.device());
  }

  /** Returns the accounting of a resident version, or null when the cache does not know it. */
  synchronized @Nullable Resident find(LoadedModel model) {
    return residents.get(model);
  }

  // Eviction.

  /**
   * Looks whether {@code device} has room for everything held and reserved on it; if not, picks the
   * least recently used idle version that may go and claims it.
   *
   * @param forModel the model being loaded: its versions are never victims
   * @param neededBytes the bytes the load needs, for the figures of a shortage
   * @param keepPinnedRoom whether room is kept for pinned models not loaded yet
   * @param mayEvict whether eviction is allowed at all
   * @param busy versions the repository would not evict just now: not tried again
   */
  synchronized Step nextStep(
      String device,
      String forModel,
      long neededBytes,
      boolean keepPinnedRoom,
      boolean mayEvict,
      Set<Resident> busy,
      long nowNanos) {
    long limit = budget.limit(device);
    if (limit == Long.MAX_VALUE) {
      return new Enough();
    }
    long held = used(device) + reserved(device);
    long kept = keepPinnedRoom ? outstandingPinnedRoom(device) : 0;
    long shortfall = held + kept - limit;
    if (shortfall <= 0) {
      return new Enough();
    }
    List<Resident> candidates = mayEvict ? candidates(device, forModel, busy, nowNanos) : List.of();
    long evictable = candidates.stream().mapToLong(Resident::bytes).sum();
    if (evictable >= shortfall) {
      for (Resident r : candidates) {
        if (r.markClosing()) {
          return new Evict(r);
        }
      }
    }
    return new Short(
        new Shortage(
            device,
            neededBytes,
            limit - held + neededBytes,
            limit,
            kept,
            evictable,
            blockers(device, forModel, busy, nowNanos)));
  }

  /** The repository evicted a claimed version: its memory is free. */
  synchronized void evicted(Resident victim) {
    residents.remove(victim.model(), victim);
    displaced.add(victim.id().name());
  }

  /** The repository would not evict a claimed version: it serves again. */
  synchronized void unclaim(Resident victim) {
    victim.unmarkClosing();
  }

  private List<Resident> candidates(
      String device, String forModel, Set<Resident> busy, long nowNanos) {
    List<Resident> out = new ArrayList<>();
    for (Resident r : residents.values()) {
      if (r.device().equals(device)
          && !r.id().name().equals(forModel)
          && r.bytes() > 0
          && !r.isClosing()
          && r.leases() == 0
          && !busy.contains(r)
          && protection(r, nowNanos) == null) {
        out.add(r);
      }
    }
    out.sort(Resident::leastRecentlyUsedFirst);
    return out;
  }

  /** Returns why a version may not be evicted for model-independent reasons, or null. */
  private @Nullable String protection(Resident r, long nowNanos) {
    String model = r.id().name();
    if (pinned.contains(model)) {
      return "pinned";
    }
    Long until = keepWarmUntil.get(model);
    if (until != null && nowNanos - until < 0) {
      return "kept warm";
    }
    if (loadsInFlight.containsKey(model)) {
      return "loading";
    }
    return null;
  }

  private String blockers(String device, String forModel, Set<Resident> busy, long nowNanos) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (String reason :
        List.of("pinned", "in use", "kept warm", "loading", "busy", "being evicted", "idle")) {
      byReason.put(reason, new ArrayList<>());
    }
    List<Resident> sorted = new ArrayList<>(residents.values());
    sorted.sort(BY_ID);
    for (Resident r : sorted) {
      if (!r.device().equals(device) || r.id().name().equals(forModel) || r.bytes() == 0) {
        continue;
      }
      String reason = protection(r, nowNanos);
      if (reason == null) {
        reason =
            r.isClosing()
                ? "being evicted"
                : r.leases() > 0 ? "in use" : busy.contains(r) ? "busy" : "idle";
      }
      byReason.computeIfAbsent(reason, k -> new ArrayList<>()).add(r.id().toString());
    }
    List<String> parts = new ArrayList<>();
    byReason.forEach(
        (reason, ids) -> {
          if (!ids.isEmpty()) {
            parts.add(reason + ": " + names(ids));
          }
        });
    return parts.isEmpty() ? "nothing else is loaded on " + device : String.join("; ", parts);
  }

  private static String names(List<String> ids) {
    if (ids.size() <= NAMES_PER_BLOCKER) {
      return String.join(", ", ids);
    }
    return String.join(", ", ids.subList(0, NAMES_PER_BLOCKER))
        + " and "
        + (ids.size() - NAMES_PER_BLOCKER)
        + " more";
  }

  private long used(String device) {
    long sum = 0;
    for (Resident r : residents.values()) {
      if (r.device().equals(device)) {
        sum += r.bytes();
      }
    }
    return sum;
  }

  private long reserved(String device) {
    long sum = 0;
    for (Reservation r : reservations.values()) {
      if (r.resident == null && r.device.equals(device)) {
        sum += r.bytes;
      }
    }
    return sum;
  }

  private long outstandingPinnedRoom(String device) {
    long sum = 0;
    for (Map.Entry<String, Long> e : pinnedRoom.entrySet()) {
      String model = e.getKey();
      if (deviceOf(model).equals(device) && !isHeld(model)) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private boolean isHeld(String model) {
    for (Resident r : residents.values()) {
      if (r.id().name().equals(model)) {
        return true;
      }
    }
    for (ModelId id : reservations.keySet()) {
      if (id.name().equals(model)) {
        return true;
      }
    }
    return false;
  }

  // Protections and on-demand policy.

  /** Protects a model's versions from eviction until the ticker reads {@code untilNanos}. */
  synchronized void keepWarm(String model, long untilNanos, long nowNanos) {
    keepWarmUntil.values().removeIf(until -> nowNanos - until >= 0);
    keepWarmUntil.merge(model, untilNanos, (a, b) -> a - b >= 0 ? a : b);
  }

  /** A load of {@code model} started on the cache's behalf: its versions stay until handed out. */
  synchronized void beginLoad(String model) {
    loadsInFlight.merge(model, 1, Integer::sum);
  }

  synchronized void endLoad(String model) {
    loadsInFlight.computeIfPresent(model, (k, n) -> n > 1 ? n - 1 : null);
  }

  /** Marks a model as kept out by the cache: it may load on demand even in EXPLICIT mode. */
  synchronized void displace(String model) {
    displaced.add(model);
  }

  /**
   * Returns whether a request may load {@code model}: in every mode but EXPLICIT; in EXPLICIT only
   * when the cache displaced it, or it is pinned.
   */
  synchronized boolean mayLoadOnDemand(String model, ModelControlMode mode) {
    return mode != ModelControlMode.EXPLICIT || displaced.contains(model) || pinned.contains(model);
  }

  // Figures.

  /** Returns the device a model's versions load on: as last seen, else host. */
  synchronized String deviceOf(String model) {
    return deviceOfModel.getOrDefault(model, LoadReport.HOST);
  }

  /** Returns the bytes neither used nor reserved on {@code device} (MAX when unlimited). */
  synchronized long freeBytes(String device) {
    long limit = budget.limit(device);
    return limit == Long.MAX_VALUE ? limit : limit - used(device) - reserved(device);
  }

  synchronized OptionalLong measuredLoadNanos(String model) {
    Map<Long, Long> byVersion = loadNanosByVersion.get(model);
    if (byVersion == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(byVersion.values().stream().mapToLong(Long::longValue).sum());
  }

  synchronized List<DeviceMemory> memory() {
    Set<String> devices = new TreeSet<>(budget.bytesByDevice().keySet());
    devices.add(LoadReport.HOST);
    residents.values().forEach(r -> devices.add(r.device()));
    reservations.values().forEach(r -> devices.add(r.device));
    List<DeviceMemory> out = new ArrayList<>();
    for (String d : devices) {
      out.add(new DeviceMemory(d, used(d), reserved(d), budget.limit(d)));
    }
    return List.copyOf(out);
  }

  synchronized List<ResidentVersion> residents() {
    List<Resident> sorted = new ArrayList<>(residents.values());
    sorted.sort(BY_ID);
    List<ResidentVersion> out = new ArrayList<>();
    for (Resident r : sorted) {
      out.add(
          new ResidentVersion(
              r.id(),
              r.device(),
              r.bytes(),
              pinned.contains(r.id().name()),
              r.leases(),
              r.lastUsedNanos()));
    }
    return List.copyOf(out);
  }
}
