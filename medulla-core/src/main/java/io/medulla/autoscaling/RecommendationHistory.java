package io.medulla.autoscaling;

import java.util.ArrayDeque;

/**
 * The highest replica recommendation of a sliding time window, kept as a deque of decreasing
 * recommendations so that adding and reading are constant time however often evaluations run.
 * Guarded by the policy's evaluation lock.
 */
final class RecommendationHistory {
  private record Entry(long atNanos, int replicas) {}

  private final long windowNanos;
  private final ArrayDeque<Entry> decreasing = new ArrayDeque<>();

  RecommendationHistory(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** Records {@code replicas} recommended at {@code nowNanos} and forgets what left the window. */
  void add(long nowNanos, int replicas) {
    Entry last = decreasing.peekLast();
    while (last != null && last.replicas() <= replicas) {
      decreasing.pollLast();
      last = decreasing.peekLast();
    }
    decreasing.addLast(new Entry(nowNanos, replicas));
    Entry first = decreasing.peekFirst();
    // The entry just added always stays: it is the window's newest.
    while (first != null && decreasing.size() > 1 && nowNanos - first.atNanos() >= windowNanos) {
      decreasing.pollFirst();
      first = decreasing.peekFirst();
    }
  }

  /** Returns the highest recommendation of the window; call after {@link #add}. */
  int highest() {
    Entry first = decreasing.peekFirst();
    return first == null ? 0 : first.replicas();
  }
}
