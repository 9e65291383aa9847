package io.medulla.cache;

import io.medulla.repository.ModelLease;
import io.medulla.repository.ServedModel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A request's lease on a version: holds the version's lease count up until closed. Closing is
 * idempotent and thread-safe.
 */
final class CachedLease implements ModelLease {
  private final ServedModel served;
  private final boolean coldStart;
  private final @Nullable Resident resident;
  private final Ledger ledger;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param resident the version's accounting, or null for a version the cache does not track (its
   *     lifecycle events were not forwarded): then the lease holds nothing
   */
  CachedLease(ServedModel served, boolean coldStart, @Nullable Resident resident, Ledger ledger) {
    this.served = served;
    this.coldStart = coldStart;
    this.resident = resident;
    this.ledger = ledger;
  }

  @Override
  public ServedModel served() {
    return served;
  }

  @Override
  public boolean coldStart() {
    return coldStart;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && resident != null) {
      resident.release(ledger.nextUseOrder(), ledger.nowNanos());
    }
  }

  @Override
  public String toString() {
    return "ModelLease{" + served.id() + (coldStart ? ", cold" : "") + "}";
  }
}
