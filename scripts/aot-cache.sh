# Sourced by ./cairn (after scripts/java-home.sh): the JVM's ahead-of-time cache for `cairn worker` on JDK 25+.
#
# A worker loads about 7,000 classes before it answers /health/startup. JDK 25 can keep them, loaded and linked,
# with the method profiles of a run, in an AOT cache (JEP 483, 514, 515): a worker started with it is up in
# about half the time, which is what an ops person adding workers to a backlog waits for.
#
#   first start    no cache yet: the worker runs with -XX:AOTCacheOutput=<training file of its own pid>;
#                  when it exits normally (SIGTERM, `cairn worker` stopping), the JVM writes the cache there
#   next start     a finished training file is checked (the JVM must start on it with -XX:AOTMode=on) and
#                  renamed into place; then, and on every later start, the worker runs with -XX:AOTCache=<it>
#
# Why the detour through a training file checked before use: a JVM killed while it writes the cache leaves a
# truncated file, and a cache the JVM cannot use makes it print errors on every start (and never rewrite it).
# The cache lives next to the jar (worker/target/aot-cache), keyed by the jar's size and time and the JDK's
# version, so a rebuilt jar or another JDK trains a new one; once a key has its cache, the caches of other keys
# are deleted. Nothing happens on a JDK before 25, when CAIRN_AOT_CACHE=off, when CAIRN_JAVA_OPTS already sets AOT
# or class-sharing options, or when the directory cannot be written (the worker then simply starts without it); with
# CAIRN_LOG_FORMAT=json a worker uses a cache but never trains one (see cairn_aot_json_log).

# cairn_aot_check_setting: fails, naming the variable, unless CAIRN_AOT_CACHE is unset, on or off (any case, spaces
# around it), as the worker refuses a bad value of its own variables: a "false" or "0" must not quietly mean on
cairn_aot_check_setting() {
  case "$(cairn_aot_setting)" in
    on|off) return 0 ;;
    *) echo "cairn: CAIRN_AOT_CACHE must be on or off, got '${CAIRN_AOT_CACHE}'" >&2; return 1 ;;
  esac
}

cairn_aot_setting() {
  cairn_aot_normalized "${CAIRN_AOT_CACHE:-on}"
}

# cairn_aot_normalized VALUE: VALUE as the worker reads its settings: spaces dropped, lower case
cairn_aot_normalized() {
  printf '%s' "$1" | tr -d ' \t' | tr '[:upper:]' '[:lower:]'
}

# cairn_aot_options JAR: prints the JVM options for a worker run from JAR, one per line (nothing: no cache).
cairn_aot_options() {
  local jar="$1" dir key final f pid training_alive=0
  [ "$(cairn_aot_setting)" = "on" ] || return 0
  [ "${cairn_picked_java_major:-0}" -ge 25 ] || return 0
  case " ${CAIRN_JAVA_OPTS:-} " in
    *AOT*|*-Xshare*|*SharedArchiveFile*|*ArchiveClassesAtExit*) return 0 ;;
  esac
  [ -f "$jar" ] || return 0
  dir="$(dirname "$jar")/aot-cache"
  mkdir -p "$dir" 2>/dev/null && [ -d "$dir" ] && [ -w "$dir" ] || return 0
  key="$(stat -c '%s-%Y' "$jar" 2>/dev/null || stat -f '%z-%m' "$jar")-$(cairn_aot_jdk_version)"
  final="$dir/worker-$key.aot"
  # training files: <key>.training-<pid>.aot.config while its run lives and writes the cache, then <...>.aot;
  # the glob's order puts a .aot before its .config, so a cache whose configuration is still there is unfinished
  for f in "$dir/worker-$key".training-*; do
    [ -e "$f" ] || continue
    pid="${f##*.training-}"; pid="${pid%%.*}"
    # not $$: a container restarts its worker under the same pid, and the previous run is then over
    if [ "$pid" != "$$" ] && { kill -0 "$pid" 2>/dev/null || [ -d "/proc/$pid" ]; }; then
      training_alive=1   # a worker still in its training run
    elif [ "${f%.aot}" != "$f" ] && [ ! -e "$f.config" ] && [ ! -f "$final" ] \
        && "$JAVA_HOME/bin/java" -XX:AOTMode=on -XX:AOTCache="$f" -jar "$jar" --version >/dev/null 2>&1; then
      mv -f "$f" "$final"
    else
      # killed before or while writing the cache, a cache the JVM cannot use, or a second one trained alongside
      rm -f "$f"
    fi
  done
  if [ -f "$final" ]; then
    # the caches of an older jar or another JDK
    for f in "$dir"/worker-*.aot "$dir"/worker-*.aot.config; do
      case "$f" in "$final"|"$dir/worker-$key".training-*) ;; *) rm -f "$f" ;; esac
    done
    echo "-XX:AOTCache=$final"
  elif [ "$training_alive" = 0 ] && ! cairn_aot_json_log; then
    # $$: ./cairn execs java, so this shell's pid is the worker's; -Xlog:aot=off: the training run's exit would
    # otherwise print a warning for every class it leaves out of the cache
    echo "-XX:AOTCacheOutput=$dir/worker-$key.training-$$.aot"
    echo "-Xlog:aot=off"
  fi
}

# cairn_aot_jdk_version: the running JDK's exact version (a cache is only usable by the JDK build that wrote it)
cairn_aot_jdk_version() {
  local version
  version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JAVA_HOME/release" 2>/dev/null | head -n1)
  [ -n "$version" ] || version="$cairn_picked_java_major"
  printf '%s' "$version" | tr -c 'A-Za-z0-9._-' '_'
}

# cairn_aot_json_log: whether the worker logs JSON lines (CAIRN_LOG_FORMAT=json, from the environment, else from ./.env
# as the worker reads it). A training run's JVM prints how it writes the cache on stdout, five plain lines a JSON log
# must not get: such a worker never trains (a cache trained earlier is still used).
cairn_aot_json_log() {
  local format="${CAIRN_LOG_FORMAT:-}"
  if [ -z "$format" ] && [ -f .env ]; then
    format=$(sed -n 's/^[[:space:]]*\(export[[:space:]][[:space:]]*\)\{0,1\}CAIRN_LOG_FORMAT[[:space:]]*=//p' .env | tail -n1)
    format="${format%%#*}"
    format=$(printf '%s' "$format" | tr -d "\"'\r")   # quotes and a Windows line end, as the worker's .env reader drops them
  fi
  [ "$(cairn_aot_normalized "$format")" = "json" ]
}
