/**
 * Capacity planning: packing model instances into devices by memory and batch-aware compute.
 *
 * <p>A {@link io.medulla.planning.PackingProblem} lists the models (rate, latency SLO, memory per
 * instance, batch profile, optional pinned device type) and the device types that may be bought. A
 * {@link io.medulla.planning.Packer} turns it into a {@link io.medulla.planning.PackingSolution}:
 * devices, the instances on each (with their batch size and compute share), the cost, and the
 * models that cannot be placed and why. {@link io.medulla.planning.Packer#heuristic()} is fast
 * enough for hundreds of models; {@link io.medulla.planning.Packer#exact()} is optimal for small
 * cases and exists to check the heuristic ({@link io.medulla.planning.PackingComparison}, {@link
 * io.medulla.planning.PackingBench}).
 *
 * <p>Everything here is deterministic: no clocks, no randomness except the seeded generator of
 * random problems, and ties broken by model name.
 */
@NullMarked
package io.medulla.planning;

import org.jspecify.annotations.NullMarked;
