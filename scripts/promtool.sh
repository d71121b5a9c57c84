# Sourced by .ci/run: sets PROMTOOL to a promtool binary, or returns 1 when none can be had.
# Order: promtool on the PATH, else one unpacked earlier into the cache, else Debian's prometheus package
# fetched with `apt-get download` and unpacked (not installed: no root needed to unpack, and no
# Prometheus service gets started on the machine), with `apt-get update` first when the lists are stale.

cairn_find_promtool() {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/cairn-ci/prometheus" tmp deb
  if command -v promtool >/dev/null 2>&1; then PROMTOOL="$(command -v promtool)"; return 0; fi
  if [ -x "$cache/usr/bin/promtool" ]; then PROMTOOL="$cache/usr/bin/promtool"; return 0; fi
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || return 1
  echo "CI: promtool not found; fetching it from Debian's prometheus package" >&2
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && { apt-get download prometheus >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && apt-get download prometheus >/dev/null 2>&1; }; }); then
    rm -rf "$tmp"
    return 1
  fi
  deb="$(ls "$tmp"/prometheus_*.deb 2>/dev/null | head -n1)"
  mkdir -p "$cache" && [ -n "$deb" ] && dpkg-deb -x "$deb" "$cache" >/dev/null 2>&1
  rm -rf "$tmp"
  [ -x "$cache/usr/bin/promtool" ] || return 1
  PROMTOOL="$cache/usr/bin/promtool"
}
