#!/usr/bin/env bash
# Goal G8, the audit trail's cost (bench/README.md): binary REST with the audit trail on (SQLite,
# group commit) and off (--no-audit), side by side: throughput at concurrency 32, p50 at 1.
# Writes bench/results/g8-<timestamp>.json.
#   bench/g8.sh [--model mlp_classifier] [--warmup-secs 2] [--window-secs 2] [--windows 3]
# Builds what it needs when the sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS.
set -euo pipefail

name=g8
skip_build="${BENCH_SKIP_BUILD:-0}"
# shellcheck source=bench-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"

# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCH_JAVA_OPTS:-} -cp "$jar" \
  io.medulla.bench.AuditOverhead "$@"
