package io.medulla.repository;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one model in the index.
 *
 * @param name the model name
 * @param config the completed configuration of the last successful load, or null
 * @param versions the versions by number; read-only
 * @param reason why the model as a whole is not (fully) served; empty when nothing is wrong
 * @param stamp the model folder's stamp at the last load attempt; empty before the first
 */
record ModelEntry(
    String name,
    @Nullable ModelConfig config,
    SortedMap<Long, VersionSlot> versions,
    String reason,
    String stamp) {
  ModelEntry {
    requireNonNull(name, "name");
    versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    requireNonNull(reason, "reason");
    requireNonNull(stamp, "stamp");
  }

  /** Returns an entry for a model that is known but not loaded, for the given reason. */
  static ModelEntry notLoaded(String name, String reason) {
    return new ModelEntry(name, null, new TreeMap<>(), reason, "");
  }

  ModelEntry withSlot(VersionSlot slot) {
    SortedMap<Long, VersionSlot> copy = new TreeMap<>(versions);
    copy.put(slot.version(), slot);
    return new ModelEntry(name, config, copy, reason, stamp);
  }

  ModelEntry withReason(String newReason) {
    return new ModelEntry(name, config, versions, newReason, stamp);
  }

  /** Returns the highest READY version, or null. */
  /** Returns whether the index lists versions and every one of them is READY. */
  boolean allReady() {
    return !versions.isEmpty() && versions.values().stream().allMatch(VersionSlot::isReady);
  }

  @Nullable VersionSlot highestReady() {
    VersionSlot best = null;
    for (VersionSlot s : versions.values()) {
      if (s.isReady()) {
        best = s;
      }
    }
    return best;
  }

  /** Returns why no version is ready, for {@code ModelNotReadyException}. */
  String whyNotReady() {
    if (!reason.isEmpty()) {
      return reason;
    }
    for (VersionSlot s : List.copyOf(versions.values()).reversed()) {
      if (!s.reason().isEmpty()) {
        return "version " + s.version() + " is " + s.state() + ": " + s.reason();
      }
    }
    return "no version is ready";
  }

  /** Returns the index rows: a {@code ""} row when the model has a reason or no versions. */
  List<ModelVersionStatus> rows() {
    List<ModelVersionStatus> rows = new ArrayList<>();
    if (!reason.isEmpty() || versions.isEmpty()) {
      rows.add(
          new ModelVersionStatus(
              name,
              "",
              ModelState.UNAVAILABLE,
              reason.isEmpty() ? "no version is loaded" : reason));
    }
    for (VersionSlot s : versions.values()) {
      rows.add(s.status(name));
    }
    return rows;
  }
}
