#!/usr/bin/env bash
# Goal G10, packing quality (bench/README.md): the heuristic packer against the exact branch-and-bound
# solver on random problems of 2 to 12 models; a table by model count and a JSON summary.
#   bench/g10.sh [--instances 300] [--seed 1] [--min-models 2] [--max-models 12] \
#       [--max-utilisation 0.8] [--node-budget 5000000]
# Writes the JSON summary to bench/results/g10-<timestamp>.json. Builds medulla-sim (and
# medulla-core) when their sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS. Runs on the classes, in virtual time: no server, no GPU.
set -euo pipefail

name=g10
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/find-jdk.sh
. "$root/build/find-jdk.sh"
medulla_find_jdk || exit 1
export JAVA_HOME="$MEDULLA_JAVA_HOME"
cd "$root"

marker="medulla-sim/target/classes/io/medulla/planning/PackingBench.class"
stale() {
  [ -f "$marker" ] || return 0
  [ -n "$(find medulla-sim/src/main medulla-core/src/main medulla-sim/pom.xml medulla-core/pom.xml \
      -newer "$marker" -print -quit)" ]
}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && stale; then
  echo "$name: building medulla-sim and medulla-core..." >&2
  ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcheckstyle.skip -pl medulla-sim -am package >&2 || {
    echo "$name: the build failed; run './mvnw -pl medulla-sim -am package' to see why." >&2
    exit 1
  }
fi

mkdir -p bench/results
out="bench/results/$name-$(date -u +%Y%m%dT%H%M%SZ).json"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} \
  -cp medulla-sim/target/classes:medulla-core/target/classes io.medulla.planning.PackingBench "$@" | tee "$log"
tail -n 1 "$log" > "$out"
echo "$name: wrote $out" >&2
