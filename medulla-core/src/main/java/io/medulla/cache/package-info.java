/**
 * The size-aware model cache: a memory budget per device, least-recently-used eviction of idle
 * versions, pinning, on-demand loads shared by concurrent requests, and pre-warm.
 *
 * <p>The cache sits beside the repository: it is the repository's {@link
 * io.medulla.repository.LoadGate} (every load reserves memory through it) and hears its lifecycle
 * events (which versions are resident, on which device, with what footprint). Requests take a
 * {@link io.medulla.repository.ModelLease} from {@link io.medulla.cache.ModelCache#acquire}; a
 * version with an open lease is never evicted.
 */
@NullMarked
package io.medulla.cache;

import org.jspecify.annotations.NullMarked;
