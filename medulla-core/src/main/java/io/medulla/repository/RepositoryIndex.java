package io.medulla.repository;

import io.medulla.inference.ModelNotFoundException;
import io.medulla.inference.ModelNotReadyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's state: an immutable map of {@link ModelEntry} snapshots behind a volatile field.
 * Reads ({@link #resolve}, {@link #entries}) take no lock. Writers replace one entry at a time
 * under a short lock that guards only the map copy, then tell the listener about changed rows after
 * releasing it.
 */
final class RepositoryIndex {
  private static final Logger logger = LoggerFactory.getLogger(RepositoryIndex.class);

  static final String REMOVED = "removed from the repository";

  private final ModelLifecycleListener listener;
  private final Object lock = new Object();
  private volatile SortedMap<String, ModelEntry> models = Collections.emptySortedMap();

  RepositoryIndex(ModelLifecycleListener listener) {
    this.listener = listener;
  }

  @Nullable ModelEntry get(String name) {
    return models.get(name);
  }

  /** Returns every entry, sorted by name. */
  Collection<ModelEntry> entries() {
    return models.values();
  }

  /**
   * Replaces one entry with {@code update.apply(current)} (null removes it), then reports the rows
   * that changed to the listener.
   */
  void update(String name, UnaryOperator<@Nullable ModelEntry> update) {
    List<ModelVersionStatus> changed;
    synchronized (lock) {
      ModelEntry before = models.get(name);
      ModelEntry after = update.apply(before);
      if (Objects.equals(after, before)) {
        return;
      }
      SortedMap<String, ModelEntry> copy = new TreeMap<>(models);
      if (after == null) {
        copy.remove(name);
      } else {
        copy.put(name, after);
      }
      models = Collections.unmodifiableSortedMap(copy);
      changed = changedRows(before, after);
    }
    for (ModelVersionStatus row : changed) {
      try {
        listener.stateChanged(row);
      } catch (RuntimeException e) {
        logger.warn("lifecycle listener failed on a state change of model '{}'", name, e);
      }
    }
  }

  /**
   * Returns the served model for a name and version ({@code ""} for the highest ready version).
   *
   * @throws ModelNotFoundException for an unknown model or version
   * @throws ModelNotReadyException for a known model or version that is not ready, with the reason
   */
  ServedModel resolve(String name, String version) {
    ModelEntry entry = models.get(name);
    if (entry == null) {
      throw new ModelNotFoundException(name, version);
    }
    if (version.isEmpty()) {
      VersionSlot slot = entry.highestReady();
      if (slot == null || slot.served() == null) {
        throw new ModelNotReadyException(name, entry.whyNotReady());
      }
      return slot.served();
    }
    long v = RepositoryScanner.parseVersion(version);
    VersionSlot slot = v < 1 ? null : entry.versions().get(v);
    if (slot == null) {
      throw new ModelNotFoundException(name, version);
    }
    ServedModel served = slot.served();
    if (!slot.isReady() || served == null) {
      String reason = slot.reason().isEmpty() ? "no reason recorded" : slot.reason();
      throw new ModelNotReadyException(
          name, "version " + version + " is " + slot.state() + ": " + reason);
    }
    return served;
  }

  private static List<ModelVersionStatus> changedRows(
      @Nullable ModelEntry before, @Nullable ModelEntry after) {
    if (after == null) {
      return before == null
          ? List.of()
          : before.rows().stream()
              .map(
                  r ->
                      new ModelVersionStatus(
                          r.name(), r.version(), ModelState.UNAVAILABLE, REMOVED))
              .toList();
    }
    Set<ModelVersionStatus> old = before == null ? Set.of() : new HashSet<>(before.rows());
    List<ModelVersionStatus> out = new ArrayList<>();
    for (ModelVersionStatus row : after.rows()) {
      if (!old.contains(row)) {
        out.add(row);
      }
    }
    return out;
  }
}
