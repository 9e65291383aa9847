#!/usr/bin/env bash
# Shared by the benchmarks that run on medulla-sim's classes alone (G10, G11): finds a JDK, builds
# medulla-sim and medulla-core when their sources are newer than the last build of the main class
# (BENCH_SKIP_BUILD=1 skips), runs the class with the script's arguments, and writes the last line
# it prints (its JSON summary) to bench/results/<name>-<timestamp>.json. Extra JVM flags:
# BENCH_JAVA_OPTS. Sourced, then called as: run_sim_bench NAME MAIN_CLASS "$@"
run_sim_bench() {
  local name="$1" main="$2"
  shift 2
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  # shellcheck source=../build/find-jdk.sh
  . "$root/build/find-jdk.sh"
  medulla_find_jdk || exit 1
  export JAVA_HOME="$MEDULLA_JAVA_HOME"
  cd "$root"

  local marker="medulla-sim/target/classes/${main//.//}.class"
  if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && {
    [ ! -f "$marker" ] ||
      [ -n "$(find medulla-sim/src/main medulla-core/src/main medulla-sim/pom.xml medulla-core/pom.xml \
        -newer "$marker" -print -quit)" ]
  }; then
    echo "$name: building medulla-sim and medulla-core..." >&2
    ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcheckstyle.skip -pl medulla-sim -am package >&2 || {
      echo "$name: the build failed; run './mvnw -pl medulla-sim -am package' to see why." >&2
      exit 1
    }
  fi

  mkdir -p bench/results
  local out log
  out="bench/results/$name-$(date -u +%Y%m%dT%H%M%SZ).json"
  log="$(mktemp)"
  # shellcheck disable=SC2064
  trap "rm -f '$log'" EXIT
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} \
    -cp medulla-sim/target/classes:medulla-core/target/classes "$main" "$@" | tee "$log"
  tail -n 1 "$log" > "$out"
  echo "$name: wrote $out" >&2
}
