#!/usr/bin/env bash
# Goal G6, graph overhead (docs/BENCHMARKS.md; bench/README.md explains the figures). Runs the
# example clinical triage graph through the in-process engine one request at a time and compares
# it with its critical path's step times (each step alone) and with a client that calls the same
# steps one by one. Writes bench/results/g6-<timestamp>.json.
#   bench/g6.sh [--graph clinical_triage] [--requests 2000] [--windows 3] [--warmup-requests 500]
# Builds what it needs when the sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS.
set -euo pipefail

name=g6
skip_build="${BENCH_SKIP_BUILD:-0}"
# shellcheck source=bench-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"

# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCH_JAVA_OPTS:-} -cp "$jar" \
  io.medulla.bench.GraphBench "$@"
