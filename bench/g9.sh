#!/usr/bin/env bash
# Goal G9, the simulator's fidelity (bench/README.md): the real server (binary REST, --no-audit)
# and the simulator on the same model's profile, batch policy and instance count: saturation
# throughput, then p50/p99 at 50%, 80% and 95% of the measured saturation rate (Poisson).
# Writes bench/results/g9-<timestamp>.json.
#   bench/g9.sh [--model mlp_classifier] [--open-window-secs 30] [--utilisations 0.5,0.8,0.95] ...
# Builds what it needs when the sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS.
set -euo pipefail

name=g9
skip_build="${BENCH_SKIP_BUILD:-0}"
# shellcheck source=bench-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"

# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCH_JAVA_OPTS:-} -cp "$jar" \
  io.medulla.bench.SimulatorFidelity "$@"
