# Sourced by .ci/run: makes sure Debian's Chromium and its chromedriver are installed for the console's browser
# tests (ConsoleBrowserIT drives /usr/bin/chromium through /usr/bin/chromedriver; without them it is skipped).
# Installs the packages `chromium` and `chromium-driver` with apt-get when missing (as root, or through sudo
# without a password), with `apt-get update` first when the lists are stale. Returns 1 when they cannot be had.

cairn_find_chromium() {
  local sudo=""
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
    sudo="sudo -n"
  fi
  echo "CI: chromium or chromedriver not found; installing Debian's chromium and chromium-driver" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } \
    || return 1
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
}
