#!/usr/bin/env bash
# Goals G2-G5, the clinical scheduler (docs/BENCHMARKS.md; bench/README.md explains the figures).
# Drives io.medulla.scheduling.DynamicBatcher over the real MLP (examples/models/mlp_classifier)
# in-process and writes bench/results/<scenario>-<timestamp>.json.
#   bench/sched.sh g2|g3|g4|g5 [--secs 4] [--warmup-secs 1] [--seed 42] [--slo-scale 5]
#   bench/sched.sh jmh [JMH flags]       # SchedulerCostBenchmark (JMH), e.g. -f 1 -wi 2 -i 3
# Builds what it needs when the sources are newer than the last build (BENCH_SKIP_BUILD=1 skips).
# Extra JVM flags: BENCH_JAVA_OPTS. Collector: BENCH_GC=g1 (default: the JVM's default, as ./medulla
# ships today) or BENCH_GC=zgc (generational ZGC, 2 GB heap); bench/README.md compares them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/find-jdk.sh
. "$root/build/find-jdk.sh"
medulla_find_jdk || exit 1
export JAVA_HOME="$MEDULLA_JAVA_HOME"
cd "$root"

jar="bench/target/medulla-bench.jar"
stale() {
  [ -f "$jar" ] || return 0
  [ -n "$(find "$root" -path '*/target' -prune -o -path "$root/bench/results" -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.proto' -o -path '*/src/main/resources/*' \) \
      -newer "$jar" -print -quit)" ]
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && stale; then
  echo "sched: building the benchmark (bench and the modules it needs)..." >&2
  ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcheckstyle.skip -pl bench -am package >&2 || {
    echo "sched: the build failed; run './mvnw -pl bench -am package' to see why." >&2
    exit 1
  }
  touch "$jar"
fi

jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$(medulla_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
  jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi
case "${BENCH_GC:-g1}" in
  # One JVM holds the load generator and the scheduler; under 3x overload G1's young pauses
  # (15-140 ms measured) land on STAT requests' tails. ZGC's pauses are short, but on 2 cores its
  # concurrent threads compete with the load.
  zgc)
    jvm_flags+=(-XX:+UseZGC -Xms2g -Xmx2g)
    if [ "$(medulla_java_major "$JAVA_HOME/bin/java")" -lt 23 ]; then
      jvm_flags+=(-XX:+ZGenerational)
    fi
    ;;
  g1) ;;
  *) echo "sched: BENCH_GC: ${BENCH_GC} (expected: zgc or g1)" >&2; exit 2 ;;
esac
main=io.medulla.bench.SchedulingBench
if [ "${1:-}" = jmh ]; then
  shift
  main=org.openjdk.jmh.Main
  set -- SchedulerCostBenchmark "$@"
fi
# The jar's manifest carries the classpath (lib/*.jar); see g1.sh for why not -cp of every jar.
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCH_JAVA_OPTS:-} -cp "$jar" "$main" "$@"
