#!/usr/bin/env bash
# Lists the tests the last build skipped, with their reasons, from the Surefire and Failsafe reports: a test
# skipped for want of a service (PostgreSQL, Chromium, Prometheus, kubectl) must be seen, not mistaken for a pass.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reports=$(ls "$root"/*/target/surefire-reports/TEST-*.xml "$root"/*/target/failsafe-reports/TEST-*.xml 2>/dev/null) || true
[ -n "$reports" ] || exit 0
# shellcheck disable=SC2086
lines=$(awk '
  /<testcase / {
    name = $0; sub(/.*<testcase[^>]* name="/, "", name); sub(/".*/, "", name)
    cls = $0; sub(/.*classname="/, "", cls); sub(/".*/, "", cls)
  }
  /<skipped/ {
    msg = $0
    if (msg ~ /message="/) { sub(/.*<skipped[^>]*message="/, "", msg); sub(/".*/, "", msg) } else { msg = "(no reason given)" }
    gsub(/&quot;/, "\"", msg); gsub(/&apos;/, "'\''", msg); gsub(/&lt;/, "<", msg); gsub(/&gt;/, ">", msg); gsub(/&amp;/, "\\&", msg)
    n = split(cls, parts, "."); print "  " parts[n] "#" name ": " msg
  }' $reports | sort -u)
[ -n "$lines" ] || exit 0
count=$(printf '%s\n' "$lines" | wc -l | tr -d ' ')
{
  echo
  echo "================================================================================"
  echo "WARNING: $count test(s) were SKIPPED (they passed nothing):"
  printf '%s\n' "$lines"
  echo "To run them, provide what they name: CAIRN_TEST_DATABASE_URL (PostgreSQL), Chromium + chromedriver,"
  echo "Prometheus (CAIRN_TEST_PROMETHEUS), kubectl; see README \"Tests\"."
  echo "================================================================================"
} >&2
