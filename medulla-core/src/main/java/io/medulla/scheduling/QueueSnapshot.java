package io.medulla.scheduling;

import static java.util.Objects.requireNonNull;

import io.medulla.inference.ModelId;
import io.medulla.inference.TenantId;
import java.util.List;

/**
 * The gauges of one scheduler at one moment: requests queued and in flight per priority level and
 * tenant.
 *
 * @param model the model version
 * @param entries one entry per level and tenant that has, or has had, requests
 * @param idleInstances the instances not executing a batch
 */
public record QueueSnapshot(ModelId model, List<Entry> entries, int idleInstances) {
  /**
   * The counts of one tenant at one level.
   *
   * @param priorityLevel the level ({@code 0} in FIFO mode)
   * @param tenant the tenant
   * @param queued requests waiting
   * @param inFlight requests in a batch that is executing
   */
  public record Entry(int priorityLevel, TenantId tenant, int queued, int inFlight) {
    /** Creates an entry. */
    public Entry {
      requireNonNull(tenant, "tenant");
    }
  }

  /** Creates a snapshot; copies the entries. */
  public QueueSnapshot {
    requireNonNull(model, "model");
    entries = List.copyOf(entries);
  }

  /** Returns the number of requests waiting, over every level and tenant. */
  public int queued() {
    return entries.stream().mapToInt(Entry::queued).sum();
  }

  /** Returns the number of requests executing, over every level and tenant. */
  public int inFlight() {
    return entries.stream().mapToInt(Entry::inFlight).sum();
  }

  /** Returns the number of requests waiting at {@code priorityLevel}. */
  public int queuedAt(int priorityLevel) {
    return entries.stream()
        .filter(e -> e.priorityLevel() == priorityLevel)
        .mapToInt(Entry::queued)
        .sum();
  }

  /** Returns the number of requests {@code tenant} has waiting, over every level. */
  public int queuedOf(TenantId tenant) {
    return entries.stream().filter(e -> e.tenant().equals(tenant)).mapToInt(Entry::queued).sum();
  }
}
