package io.medulla.cache;

import io.medulla.repository.ModelRepository;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts idle versions until a device's budget holds what is held and reserved on it: picks a
 * victim under the cache lock, then asks the repository to evict it without the lock; a version the
 * repository will not evict just now (its model is busy) is given back and the next is tried.
 *
 * <p>Thread safety: stateless apart from its collaborators; runs on the thread of the load that
 * needs the room.
 */
final class RoomMaker {
  private static final Logger logger = LoggerFactory.getLogger(RoomMaker.class);

  private final Ledger ledger;
  private final Supplier<ModelRepository> repository;
  private final CacheListener listener;

  RoomMaker(Ledger ledger, Supplier<ModelRepository> repository, CacheListener listener) {
    this.ledger = ledger;
    this.repository = repository;
    this.listener = listener;
  }

  /**
   * Makes room on {@code device}; returns null when everything fits, else the shortage (after
   * evicting what it could).
   *
   * @param forModel the model that needs the room: its own versions are never evicted
   * @param neededBytes the bytes it needs, for the figures of a shortage
   * @param keepPinnedRoom whether room stays kept for pinned models not loaded yet
   * @param mayEvict whether anything may be evicted at all
   * @param why the end of the eviction reason, as in {@code "to load 'x'"}
   */
  @Nullable Shortage makeRoom(
      String device,
      String forModel,
      long neededBytes,
      boolean keepPinnedRoom,
      boolean mayEvict,
      String why) {
    Set<Resident> busy = Collections.newSetFromMap(new IdentityHashMap<>());
    while (true) {
      Ledger.Step step =
          ledger.nextStep(
              device, forModel, neededBytes, keepPinnedRoom, mayEvict, busy, ledger.nowNanos());
      switch (step) {
        case Ledger.Enough enough -> {
          return null;
        }
        case Ledger.Short s -> {
          return s.shortage();
        }
        case Ledger.Evict e ->
            evict(e.victim(), "evicted: memory budget (" + device + ") " + why, busy);
      }
    }
  }

  private void evict(Resident victim, String reason, Set<Resident> busy) {
    boolean evicted;
    try {
      evicted = repository.get().evict(victim.id(), reason);
    } catch (RuntimeException e) {
      logger.warn(
          "model '{}': evicting version {} failed", victim.id().name(), victim.id().version(), e);
      evicted = false;
    }
    if (!evicted) {
      ledger.unclaim(victim);
      busy.add(victim);
      return;
    }
    ledger.evicted(victim);
    logger.info(
        "model '{}': version {} {} ({} freed)",
        victim.id().name(),
        victim.id().version(),
        reason,
        Bytes.format(victim.bytes()));
    listener.evicted(victim.id(), victim.device(), victim.bytes(), reason);
  }
}
