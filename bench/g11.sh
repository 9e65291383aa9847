#!/usr/bin/env bash
# Goal G11, autoscaling (bench/README.md): a 10x load step and a clinical day replayed in virtual
# time through replicas whose count the real ScalingPolicy sets, against static peak provisioning;
# a table and a JSON summary.
#   bench/g11.sh [--scenario all|step|day] [--seed 1] [--base-rate 10] [--provisioning-delay-s 45]
#       [--max-replicas 40] [--oracle false] [--routine-queue-slo-ms 2000] [--scale-down-stabilisation-s 300]
#       [--max-scale-up-factor 4] [--window-s 60] [--target-utilisation 0.7] [--timeline true]
#       [--deadlines true]
# Writes the JSON summary to bench/results/g11-<timestamp>.json. Builds medulla-sim (and
# medulla-core) when their sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS. Runs on the classes, in virtual time: no server, no GPU.
set -euo pipefail

# shellcheck source=sim-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/sim-bench.sh"
run_sim_bench g11 io.medulla.simulation.AutoscalingBench "$@"
