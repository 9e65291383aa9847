#!/usr/bin/env bash
# Goal G7, cold start (bench/README.md): first-request latency on a real server (ON_DEMAND, binary
# REST, audit off) for a lazy load, a scheduled pre-warm and steady state, in one run; then a
# simulated hospital day in virtual time with and without a pre-warm schedule (cold starts).
# Writes bench/results/g7-<timestamp>.json. Takes 1-2 minutes, most of it waiting for the
# schedule's cron to fire at the next whole minute.
#   bench/g7.sh [--model image_classifier] [--first-requests 7] [--steady-requests 1000] ...
#   bench/g7.sh --help
# Builds what it needs when the sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS.
set -euo pipefail

name=g7
skip_build="${BENCH_SKIP_BUILD:-0}"
# shellcheck source=bench-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"

# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCH_JAVA_OPTS:-} -cp "$jar" \
  io.medulla.bench.ColdStartBench "$@"
