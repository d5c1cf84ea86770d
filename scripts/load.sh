#!/usr/bin/env bash
# Load test: scripts/load.sh BASE_URL [SECONDS] [CONNECTIONS] [HOST_HEADER]
#   scripts/load.sh http://localhost:7071                       # func start
#   scripts/load.sh http://functions-monitor.example.com 30 32  # through the ingress (watch KEDA scale)
# Prints requests/s and latency percentiles for /api/metrics, /api/chart (a repeat within a second is a cache
# hit, as a browser refresh would be) and uncached charts (a new size each request). Uses wrk.
set -euo pipefail
base=${1:?usage: scripts/load.sh BASE_URL [SECONDS] [CONNECTIONS] [HOST_HEADER]}
base=${base%/}
seconds=${2:-10}
connections=${3:-8}
host=${4:-}
if ! command -v wrk >/dev/null; then
  echo "wrk is not installed: Debian/Ubuntu 'sudo apt-get install wrk', macOS 'brew install wrk'." >&2
  exit 2
fi
threads=$(( connections < 2 ? 1 : 2 ))
header=()
[ -n "$host" ] && header=(-H "Host: $host")
script=$(mktemp --suffix=.lua)
trap 'rm -f "$script"' EXIT
cat > "$script" <<'LUA'
-- a new chart size per request: every request misses the cache
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/chart?width=" .. (320 + counter % 1700))
end
LUA

run() { # label, path, [wrk args...]
  local label=$1 path=$2; shift 2
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${header[@]}" "$@" "$base$path")
  local rps p50 p90 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  printf '%-28s %10s req/s   p50 %-9s p90 %-9s p99 %-9s non-2xx %s\n' "$label" "$rps" "$p50" "$p90" "$p99" "${non2xx:-0}"
}

echo "wrk -t$threads -c$connections -d${seconds}s against $base${host:+ (Host: $host)}"
run "GET /api/metrics" /api/metrics
run "GET /api/chart (repeats)" /api/chart
run "GET /api/chart (uncached)" /api/chart -s "$script"
