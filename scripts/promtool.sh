# Sourced by .ci/run: Prometheus' binaries for the checks of dashboard-config/prometheus.
#   cairn_find_promtool    sets PROMTOOL to a promtool binary, or returns 1 when none can be had
#   cairn_find_prometheus  sets PROMETHEUS to a prometheus binary (for PrometheusIT), or returns 1
# Order: CAIRN_TEST_PROMETHEUS (prometheus only), the binary on the PATH, else one unpacked earlier into the cache,
# else Debian's prometheus package fetched with `apt-get download` and unpacked (not installed: no root needed
# to unpack, and no Prometheus service gets started on the machine), with `apt-get update` first when the lists
# are stale. The package holds both binaries, in usr/bin/ of the cache.

cairn_prometheus_cache() {
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/cairn-ci/prometheus"
}

# Unpacks Debian's prometheus package into the cache; returns 1 when it cannot be fetched.
cairn_unpack_prometheus_deb() {
  local cache tmp deb
  cache="$(cairn_prometheus_cache)"
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || return 1
  echo "CI: fetching Debian's prometheus package into $cache" >&2
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && { apt-get download prometheus >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && apt-get download prometheus >/dev/null 2>&1; }; }); then
    rm -rf "$tmp"
    return 1
  fi
  deb="$(ls "$tmp"/prometheus_*.deb 2>/dev/null | head -n1)"
  mkdir -p "$cache" && [ -n "$deb" ] && dpkg-deb -x "$deb" "$cache" >/dev/null 2>&1
  rm -rf "$tmp"
}

# Sets the variable named $1 to binary $2: from the PATH, else the cache, else the cache once the package is unpacked.
cairn_find_prometheus_binary() {
  local cache
  cache="$(cairn_prometheus_cache)"
  if command -v "$2" >/dev/null 2>&1; then printf -v "$1" '%s' "$(command -v "$2")"; return 0; fi
  if [ ! -x "$cache/usr/bin/$2" ]; then
    cairn_unpack_prometheus_deb || return 1
    [ -x "$cache/usr/bin/$2" ] || return 1
  fi
  printf -v "$1" '%s' "$cache/usr/bin/$2"
}

cairn_find_promtool() {
  cairn_find_prometheus_binary PROMTOOL promtool
}

cairn_find_prometheus() {
  if [ -n "${CAIRN_TEST_PROMETHEUS:-}" ]; then
    PROMETHEUS="$CAIRN_TEST_PROMETHEUS"
    [ -x "$PROMETHEUS" ] && [ ! -d "$PROMETHEUS" ]
    return
  fi
  cairn_find_prometheus_binary PROMETHEUS prometheus
}
