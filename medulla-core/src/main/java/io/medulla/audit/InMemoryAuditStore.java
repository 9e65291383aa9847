package io.medulla.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditStore} in memory: for tests, and for trials that need no durable trail. Also lets
 * tests change what it holds behind the chain's back ({@link #overwrite}, {@link #delete}), as an
 * attacker with write access to a database could. Thread-safe.
 */
public final class InMemoryAuditStore implements AuditStore {
  private final Object lock = new Object();
  private final Map<String, NavigableMap<Long, AuditRecord>> records = new TreeMap<>();
  private final Map<String, NavigableMap<Long, Checkpoint>> checkpoints = new TreeMap<>();

  /** Creates an empty store. */
  public InMemoryAuditStore() {}

  @Override
  public void append(List<AuditRecord> batch, @Nullable Checkpoint checkpoint) {
    synchronized (lock) {
      for (AuditRecord r : batch) {
        NavigableMap<Long, AuditRecord> chain = records.get(r.nodeId());
        if (chain != null && chain.containsKey(r.sequence())) {
          throw new AuditStoreException("record " + r.label() + " exists");
        }
      }
      if (checkpoint != null) {
        NavigableMap<Long, Checkpoint> cps = checkpoints.get(checkpoint.nodeId());
        if (cps != null && cps.containsKey(checkpoint.sequence())) {
          throw new AuditStoreException("checkpoint " + checkpoint.sequence() + " exists");
        }
      }
      for (AuditRecord r : batch) {
        records.computeIfAbsent(r.nodeId(), n -> new TreeMap<>()).put(r.sequence(), r);
      }
      if (checkpoint != null) {
        checkpoints
            .computeIfAbsent(checkpoint.nodeId(), n -> new TreeMap<>())
            .put(checkpoint.sequence(), checkpoint);
      }
    }
  }

  @Override
  public Optional<ChainHead> head(String nodeId) {
    synchronized (lock) {
      NavigableMap<Long, AuditRecord> chain = records.get(nodeId);
      Map.Entry<Long, AuditRecord> last = chain == null ? null : chain.lastEntry();
      Optional<Checkpoint> cp = latestCheckpoint(nodeId);
      if (last != null && (cp.isEmpty() || last.getKey() >= cp.get().sequence())) {
        return Optional.of(last.getValue().head());
      }
      return cp.map(Checkpoint::head);
    }
  }

  @Override
  public List<String> nodes() {
    synchronized (lock) {
      TreeSet<String> all = new TreeSet<>(records.keySet());
      all.addAll(checkpoints.keySet());
      return List.copyOf(all);
    }
  }

  @Override
  public List<AuditRecord> records(String nodeId, long fromSequence, int limit) {
    synchronized (lock) {
      NavigableMap<Long, AuditRecord> chain = records.get(nodeId);
      if (chain == null) {
        return List.of();
      }
      return chain.tailMap(fromSequence, true).values().stream().limit(limit).toList();
    }
  }

  @Override
  public List<Checkpoint> checkpoints(String nodeId) {
    synchronized (lock) {
      NavigableMap<Long, Checkpoint> cps = checkpoints.get(nodeId);
      return cps == null ? List.of() : List.copyOf(cps.values());
    }
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint(String nodeId) {
    synchronized (lock) {
      NavigableMap<Long, Checkpoint> cps = checkpoints.get(nodeId);
      return cps == null || cps.isEmpty()
          ? Optional.empty()
          : Optional.of(cps.lastEntry().getValue());
    }
  }

  @Override
  public Optional<Checkpoint> latestCheckpointBefore(String nodeId, Instant time) {
    synchronized (lock) {
      NavigableMap<Long, Checkpoint> cps = checkpoints.get(nodeId);
      if (cps == null) {
        return Optional.empty();
      }
      return cps.descendingMap().values().stream()
          .filter(cp -> cp.time().isBefore(time))
          .findFirst();
    }
  }

  @Override
  public void query(AuditQuery query, Consumer<AuditRecord> sink) {
    List<AuditRecord> found = new ArrayList<>();
    synchronized (lock) {
      for (NavigableMap<Long, AuditRecord> chain : records.values()) {
        for (AuditRecord r : chain.values()) {
          if (query.matches(r)) {
            found.add(r);
          }
        }
      }
    }
    found.sort(
        Comparator.comparing(AuditRecord::time)
            .thenComparing(AuditRecord::nodeId)
            .thenComparingLong(AuditRecord::sequence));
    found.forEach(sink);
  }

  @Override
  public long prune(String nodeId, long throughSequence) {
    synchronized (lock) {
      NavigableMap<Long, Checkpoint> cps = checkpoints.get(nodeId);
      if (cps == null || !cps.containsKey(throughSequence)) {
        throw new IllegalArgumentException(
            "no checkpoint of node " + nodeId + " at " + throughSequence);
      }
      cps.headMap(throughSequence, false).clear();
      NavigableMap<Long, AuditRecord> chain = records.get(nodeId);
      if (chain == null) {
        return 0;
      }
      NavigableMap<Long, AuditRecord> gone = chain.headMap(throughSequence, true);
      long n = gone.size();
      gone.clear();
      return n;
    }
  }

  @Override
  public void check() {}

  @Override
  public void close() {}

  /** Replaces a stored record with {@code r} (same node and sequence), as tampering would. */
  public void overwrite(AuditRecord r) {
    requireNonNull(r, "r");
    synchronized (lock) {
      records.computeIfAbsent(r.nodeId(), n -> new TreeMap<>()).put(r.sequence(), r);
    }
  }

  /** Deletes a stored record, as tampering would. */
  public void delete(String nodeId, long sequence) {
    synchronized (lock) {
      NavigableMap<Long, AuditRecord> chain = records.get(nodeId);
      if (chain != null) {
        chain.remove(sequence);
      }
    }
  }

  /** Deletes a stored checkpoint, as tampering would. */
  public void deleteCheckpoint(String nodeId, long sequence) {
    synchronized (lock) {
      NavigableMap<Long, Checkpoint> cps = checkpoints.get(nodeId);
      if (cps != null) {
        cps.remove(sequence);
      }
    }
  }

  /** Replaces a stored checkpoint with {@code cp}, as tampering would. */
  public void overwriteCheckpoint(Checkpoint cp) {
    synchronized (lock) {
      checkpoints.computeIfAbsent(cp.nodeId(), n -> new TreeMap<>()).put(cp.sequence(), cp);
    }
  }
}
