# Sourced by ./mvnw and ./cairn (POSIX sh). Finds a JDK 25 and exports JAVA_HOME.
#
# Order: $JAVA_HOME if it is a JDK 25+, then the usual JVM folders, then the `java` on PATH.
# A JDK whose feature release is exactly 25 is preferred over a newer one. Where none exists
# it prints one line saying what to install and exits 1.

cairn_jdk_feature() {
  # Prints the feature release (e.g. 25) of the JDK at $1, or nothing when $1 is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

cairn_find_jdk() {
  cairn_shell_options=$-
  set +f  # mvnw runs with globbing off; the folder scan needs it
  cairn_best="" cairn_best_feature=""
  cairn_path_java=$(command -v java 2>/dev/null || true)
  [ -z "$cairn_path_java" ] || cairn_path_java=$(dirname "$(dirname "$(readlink -f "$cairn_path_java")")")
  # CAIRN_JDK_SEARCH (space-separated folders or globs) replaces the default scan; tests use it.
  for cairn_candidate in "${JAVA_HOME-}" ${CAIRN_JDK_SEARCH:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home "$cairn_path_java"}; do
    [ -n "$cairn_candidate" ] && [ -d "$cairn_candidate" ] || continue
    cairn_feature=$(cairn_jdk_feature "$cairn_candidate")
    [ -n "$cairn_feature" ] && [ "$cairn_feature" -ge 25 ] 2>/dev/null || continue
    if [ "$cairn_candidate" = "${JAVA_HOME-}" ]; then cairn_best=$cairn_candidate; break; fi
    if [ -z "$cairn_best" ] || { [ "$cairn_feature" -eq 25 ] && [ "$cairn_best_feature" -ne 25 ]; }; then
      cairn_best=$cairn_candidate cairn_best_feature=$cairn_feature
    fi
  done
  if [ -z "$cairn_best" ]; then
    echo "cairn: no JDK 25 found (looked at JAVA_HOME, /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks and PATH); install one, e.g. 'apt-get install temurin-25-jdk' or https://adoptium.net/temurin/releases/?version=25, or set JAVA_HOME to it" >&2
    exit 1
  fi
  case $cairn_shell_options in *f*) set -f ;; esac
  JAVA_HOME=$cairn_best
  export JAVA_HOME
}

cairn_find_jdk
