#!/usr/bin/env bash
# Goal G1, serving overhead (docs/BENCHMARKS.md; bench/README.md explains the figures).
# Measures raw ONNX Runtime, the in-process engine, gRPC and binary REST on one model in one run
# and one JVM, and writes bench/results/g1-<timestamp>.json. Flags: bench/g1.sh --help.
#   bench/g1.sh                                            # defaults: 1,8,32; 2 s warm-up; 3 x 2 s
#   bench/g1.sh --concurrency 1,8 --window-secs 1 --windows 3
# Builds what it needs when the sources are newer than the last build (G1_SKIP_BUILD=1 skips).
# Extra JVM flags: G1_JAVA_OPTS.
set -euo pipefail

name=g1
skip_build="${G1_SKIP_BUILD:-0}"
# shellcheck source=bench-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${G1_JAVA_OPTS:-} -jar "$jar" "$@"
