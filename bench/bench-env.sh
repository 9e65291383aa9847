# Shared prologue of the bench scripts; sourced, not run. Finds a JDK 21+ (build/find-jdk.sh),
# moves to the repository root, builds the bench jar when the sources are newer than it, and sets
# jvm_flags. The caller sets `name` (for messages) and `skip_build` (1 to skip the build) first.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/find-jdk.sh
. "$root/build/find-jdk.sh"
medulla_find_jdk || exit 1
export JAVA_HOME="$MEDULLA_JAVA_HOME"
cd "$root"

jar="bench/target/medulla-bench.jar"
bench_stale() {
  [ -f "$jar" ] || return 0
  [ -n "$(find "$root" -path '*/target' -prune -o -path "$root/bench/results" -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.proto' -o -path '*/src/main/resources/*' \) \
      -newer "$jar" -print -quit)" ]
}

if [ "${skip_build:-0}" != 1 ] && bench_stale; then
  echo "$name: building the benchmark (bench and the modules it needs)..." >&2
  ./mvnw -q -B -DskipTests -Dspotless.check.skip -Dcheckstyle.skip -pl bench -am package >&2 || {
    echo "$name: the build failed; run './mvnw -pl bench -am package' to see why." >&2
    exit 1
  }
  touch "$jar" # the jar plugin leaves an unchanged jar alone; mark the build as done
fi

jvm_flags=(--enable-native-access=ALL-UNNAMED)
if [ "$(medulla_java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
  # Armeria's shaded JCTools uses sun.misc.Unsafe; JDK 23+ warns about it on every start.
  jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi
# Run the jar, whose manifest carries the classpath (lib/*.jar): ONNX Runtime 1.29 crashes when
# the JVM's command line is longer than about 4 KB, which a -cp of every jar would be.
