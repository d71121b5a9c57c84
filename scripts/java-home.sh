# Sourced by ./cairn, .ci/run and bench/run: picks a JDK >= 21 and exports JAVA_HOME.
# Order: JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm (or /Library/Java on
# macOS), else `java` on the PATH if it is >= 21, else a clear error. cairn_picked_java_major holds the picked JDK's major version.

cairn_java_major() {
  # prints the major version of the java binary $1, or nothing. From its JDK's release file when there is one
  # (every JDK since 9 has it), because starting a JVM to ask costs ~0.2 s per candidate on every ./cairn command.
  local release version
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n1)
    version="${version#1.}"          # 1.8.0_402 -> 8.0_402
    version="${version%%[._+-]*}"    # 25.0.3 -> 25, 26-ea -> 26
    case "$version" in
      ''|*[!0-9]*) ;;
      *) echo "$version"; return 0 ;;
    esac
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | sed 's/^1\.//'
}

cairn_pick_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(cairn_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME
      cairn_picked_java_major="$major"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(cairn_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(cairn_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best="$candidate"; best_major="$major"; fi
  fi
  if [ -z "$best" ]; then
    echo "cairn: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing >= 21 under /usr/lib/jvm or on the PATH); install a JDK 21+ and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  cairn_picked_java_major="$best_major"
}

cairn_pick_java || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
