#!/usr/bin/env bash
# Goal G10, packing quality (bench/README.md): the heuristic packer against the exact branch-and-bound
# solver on random problems of 2 to 12 models; a table by model count and a JSON summary.
#   bench/g10.sh [--instances 300] [--seed 1] [--min-models 2] [--max-models 12] \
#       [--max-utilisation 0.8] [--node-budget 5000000]
# Writes the JSON summary to bench/results/g10-<timestamp>.json. Builds medulla-sim (and
# medulla-core) when their sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS. Runs on the classes, in virtual time: no server, no GPU.
set -euo pipefail

# shellcheck source=sim-bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/sim-bench.sh"
run_sim_bench g10 io.medulla.planning.PackingBench "$@"
