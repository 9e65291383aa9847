package io.medulla.scheduling;

import io.medulla.inference.TenantId;
import io.medulla.tenancy.TenantPolicy;
import org.jspecify.annotations.Nullable;

/** One tenant's counts and limits at one scheduler. Guarded by the scheduler's lock. */
final class TenantLoad {
  final TenantId id;
  final TenantPolicy policy;
  final @Nullable TokenBucket rate;
  final int[] queued;
  final int[] inFlight;
  final boolean[] seen;
  int totalQueued;
  int totalInFlight;

  TenantLoad(TenantPolicy policy, int classes, long nowNanos) {
    this.id = policy.tenant();
    this.policy = policy;
    this.rate =
        policy.hasRateLimit() ? new TokenBucket(policy.requestsPerSecond(), nowNanos) : null;
    this.queued = new int[classes];
    this.inFlight = new int[classes];
    this.seen = new boolean[classes];
  }
}
