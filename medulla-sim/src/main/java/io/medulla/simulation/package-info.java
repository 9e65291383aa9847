/**
 * Capacity simulation: a day (or an hour) of a described workload fed through the real {@code
 * scheduling} and {@code graph} code on a virtual clock.
 *
 * <p>A {@link io.medulla.simulation.Workload} names tenants, the models and graphs each calls, its
 * arrivals (rates by hour of day, or a trace), their burstiness, the priority mix and the latency
 * objective of each priority class. A {@link io.medulla.simulation.Simulator} builds, per run, one
 * real {@link io.medulla.scheduling.DynamicBatcher} per {@link
 * io.medulla.simulation.SimulatedModel} and one real {@link io.medulla.graph.GraphExecutor} per
 * graph over a {@link io.medulla.time.VirtualClock}; batches take the time {@link
 * io.medulla.simulation.ExecutionTimes} draws for them and compute nothing. The {@link
 * io.medulla.simulation.SimulationResult} holds latency percentiles, goodput and outcome counts per
 * priority class, tenant and target, per-model utilisation and queue lengths, over the window and
 * per hour of the day.
 *
 * <p>Everything is deterministic: one thread, no wall clock, every random draw from a generator
 * seeded from the run's seed and a fixed label, {@link java.lang.StrictMath} for the arithmetic
 * that shapes draws, and sorted maps wherever order shows. The same inputs and seed give an equal
 * result.
 */
@NullMarked
package io.medulla.simulation;

import org.jspecify.annotations.NullMarked;
