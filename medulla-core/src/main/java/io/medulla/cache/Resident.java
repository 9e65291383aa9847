package io.medulla.cache;

import io.medulla.inference.ModelId;
import io.medulla.runtime.LoadedModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded version the cache accounts for: its footprint, its open leases and when it was last
 * used.
 *
 * <p>The lease count is the one thing requests and eviction race on: a lease is taken by
 * incrementing it unless it is {@link #CLOSING}, and eviction claims a version by moving it from 0
 * to {@link #CLOSING}; so a version is never evicted with a lease open, and no lease is taken on a
 * version being evicted. Thread-safe: the counters are atomic, the rest is immutable.
 */
final class Resident {
  private static final int CLOSING = -1;
  static final long NEVER_USED = Long.MIN_VALUE;

  private final ModelId id;
  private final LoadedModel model;
  private final String device;
  private final long bytes;
  private final long loadOrder;
  private final AtomicInteger leases = new AtomicInteger();
  private volatile long useOrder;
  private volatile long lastUsedNanos = NEVER_USED;

  Resident(ModelId id, LoadedModel model, String device, long bytes, long loadOrder) {
    this.id = id;
    this.model = model;
    this.device = device;
    this.bytes = bytes;
    this.loadOrder = loadOrder;
  }

  ModelId id() {
    return id;
  }

  LoadedModel model() {
    return model;
  }

  String device() {
    return device;
  }

  long bytes() {
    return bytes;
  }

  /** Orders by recency: never-used first, then least recently used, ties by load order. */
  static int leastRecentlyUsedFirst(Resident a, Resident b) {
    int c = Long.compare(a.useOrder, b.useOrder);
    return c != 0 ? c : Long.compare(a.loadOrder, b.loadOrder);
  }

  /** Takes a lease unless the version is being evicted; returns whether it did. */
  boolean tryLease(long order, long nowNanos) {
    while (true) {
      int n = leases.get();
      if (n == CLOSING) {
        return false;
      }
      if (leases.compareAndSet(n, n + 1)) {
        touch(order, nowNanos);
        return true;
      }
    }
  }

  /** Gives a lease back. */
  void release(long order, long nowNanos) {
    leases.decrementAndGet();
    touch(order, nowNanos);
  }

  /** Claims the version for eviction; fails when a lease is open or it is claimed already. */
  boolean markClosing() {
    return leases.compareAndSet(0, CLOSING);
  }

  /** Gives the version back to service when its eviction did not happen. */
  void unmarkClosing() {
    leases.compareAndSet(CLOSING, 0);
  }

  boolean isClosing() {
    return leases.get() == CLOSING;
  }

  /** Returns the open leases (0 while closing). */
  int leases() {
    return Math.max(0, leases.get());
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  private void touch(long order, long nowNanos) {
    useOrder = order;
    lastUsedNanos = nowNanos;
  }
}
