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

name=sched
skip_build="${BENCH_SKIP_BUILD:-0}"
# shellcheck source=bench-env.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-env.sh"

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
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${BENCH_JAVA_OPTS:-} -cp "$jar" "$main" "$@"
