/**
 * End-to-end benchmark scenarios of BENCHMARKS.md, measured as ratios within one run: closed-loop
 * load generators, windowed latency recording with the perf_analyzer stability rule, and the G1
 * serving-overhead harness ({@link io.medulla.bench.ServingOverhead}).
 */
@NullMarked
package io.medulla.bench;

import org.jspecify.annotations.NullMarked;
