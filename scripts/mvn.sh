# Sourced after java-home.sh: sets MVN to the Maven Wrapper when present, else `mvn` on the PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$root/mvnw" ]; then
  MVN="$root/mvnw"
elif command -v mvn >/dev/null 2>&1; then
  MVN="mvn"
else
  echo "cairn: neither ./mvnw nor mvn is available to build Cairn" >&2
  exit 1
fi
