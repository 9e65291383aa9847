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

name=g11
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/find-jdk.sh
. "$root/build/find-jdk.sh"
medulla_find_jdk || exit 1
export JAVA_HOME="$MEDULLA_JAVA_HOME"
cd "$root"

marker="medulla-sim/target/classes/io/medulla/simulation/AutoscalingBench.class"
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
  -cp medulla-sim/target/classes:medulla-core/target/classes io.medulla.simulation.AutoscalingBench "$@" | tee "$log"
tail -n 1 "$log" > "$out"
echo "$name: wrote $out" >&2
