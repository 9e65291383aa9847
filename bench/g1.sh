#!/usr/bin/env bash
# Goal G1, serving overhead (docs/BENCHMARKS.md; bench/README.md explains the figures).
# Measures raw ONNX Runtime, the in-process engine, gRPC and binary REST on one model in one run
# and one JVM, and writes bench/results/g1-<timestamp>.json. Flags: bench/g1.sh --help.
#   bench/g1.sh                                            # defaults: 1,8,32; 2 s warm-up; 3 x 2 s
#   bench/g1.sh --concurrency 1,8 --window-secs 1 --windows 3
# Builds what it needs when the sources are newer than the last build (G1_SKIP_BUILD=1 skips).
# Extra JVM flags: G1_JAVA_OPTS.
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

if [ "${G1_SKIP_BUILD:-0}" != 1 ] && stale; then
  echo "g1: building the benchmark (bench and the modules it needs)..." >&2
  ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcheckstyle.skip -pl bench -am package >&2 || {
    echo "g1: the build failed; run './mvnw -pl bench -am package' to see why." >&2
    exit 1
  }
  touch "$jar" # the jar plugin leaves an unchanged jar alone; mark the build as done
fi

jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$(medulla_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
  # Armeria's shaded JCTools uses sun.misc.Unsafe; JDK 23+ warns about it on every start.
  jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi
# The jar's manifest carries the classpath (lib/*.jar): ONNX Runtime 1.29 crashes when the JVM's
# command line is longer than about 4 KB, which a -cp of every jar would be.
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" ${G1_JAVA_OPTS:-} -jar "$jar" "$@"
