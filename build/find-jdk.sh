# Finds a JDK 21 or newer for Medulla's launcher and Maven wrapper; sourced, not run.
# Order: JAVA_HOME, then `java` on the PATH, then the newest JDK under the usual install folders.
# On success sets MEDULLA_JAVA_HOME; on failure prints what to do and returns 1.

medulla_java_major() {
  # Prints the feature version of the java binary in $1 (17, 21, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' \
    | sed 's/^1\.//; s/\..*//' | head -n 1
}

medulla_jdk_ok() {
  # True when $1 is a JDK home (java and javac) of version 21 or newer.
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(medulla_java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

medulla_find_jdk() {
  MEDULLA_JAVA_HOME=""
  if medulla_jdk_ok "${JAVA_HOME:-}"; then MEDULLA_JAVA_HOME="$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    local on_path
    on_path=$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)
    on_path=$(dirname "$(dirname "$on_path")")
    if medulla_jdk_ok "$on_path"; then MEDULLA_JAVA_HOME="$on_path"; return 0; fi
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    medulla_jdk_ok "$candidate" || continue
    major=$(medulla_java_major "$candidate/bin/java")
    if [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  if [ -n "$best" ]; then MEDULLA_JAVA_HOME="$best"; return 0; fi
  cat >&2 <<MSG
medulla: no JDK 21 or newer was found.
  Looked at: JAVA_HOME (${JAVA_HOME:-unset}), 'java' on the PATH, /usr/lib/jvm, /usr/java, /opt,
  ~/.sdkman and ~/.jdks.
  Install one (for example 'apt-get install openjdk-21-jdk-headless' or Temurin 21/25)
  and either put it on the PATH or set JAVA_HOME to its folder.
MSG
  return 1
}
