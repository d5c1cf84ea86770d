#!/usr/bin/env bash
# Load test with wrk, against the app in a real Functions host:
#   scripts/load.sh                           publish as the Dockerfile does and serve it in the Functions host the image
#                                             runs (or `func host start` where only Core Tools is installed)
#   scripts/load.sh --func-start              `func start` in this folder, as the README runs the app
#   scripts/load.sh http://localhost:7071     an app already running (func start, a cluster's ingress)
# Options: -d SECONDS (10), -c CONNECTIONS (8), -H HOST_HEADER, and NAME=VALUE app settings for the host this script
# starts (e.g. AzureFunctionsJobHost__telemetryMode=OpenTelemetry). Prints requests/s and p50/p90/p99 latency for
# /api/metrics, /api/chart repeated (a cache hit within a bucket, as a browser refresh is) and uncached charts (a new
# size each request).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=10 connections=8 host_header="" target="" mode=published settings=()
while [ $# -gt 0 ]; do
  case "$1" in
    -d) seconds=$2; shift 2 ;;
    -c) connections=$2; shift 2 ;;
    -H) host_header=$2; shift 2 ;;
    --func-start) mode=func-start; shift ;;
    http://*|https://*) target=${1%/}; mode=url; shift ;;
    *=*) settings+=("$1"); shift ;;
    *) echo "usage: scripts/load.sh [--func-start | BASE_URL] [-d SECONDS] [-c CONNECTIONS] [-H HOST] [NAME=VALUE ...]" >&2; exit 64 ;;
  esac
done
if ! command -v wrk >/dev/null; then
  echo "wrk is not installed: Debian/Ubuntu 'sudo apt-get install wrk', macOS 'brew install wrk'." >&2
  exit 2
fi

func=$(command -v func || echo "$repo/.tools/functions-tools/bin/func")
standalone=$repo/.tools/functions-tools/bin/functions-host
work=$(mktemp -d)
cleanup() {
  # The host and its worker run in a session of their own (start_host): stop all of it.
  "$repo/scripts/in-session.sh" --stop "$work/sid"
  rm -rf "$work"
}
trap cleanup EXIT
start_host() { # folder, command...
  local folder=$1; shift
  (cd "$folder" && exec "$repo/scripts/in-session.sh" "$work/sid" "$@") >"$work/host.log" 2>&1 &
}

if [ "$mode" != url ]; then
  [ -x "$func" ] || { echo "Core Tools (func) is not installed: see the README's prerequisites." >&2; exit 2; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  target=http://127.0.0.1:$port
  export AzureWebJobsSecretStorageType=files FUNCTIONS_WORKER_RUNTIME=dotnet-isolated Observability__PrometheusPort=0
  for setting in "${settings[@]}"; do export "${setting?}"; done
  unset CONTAINER_NAME
  if [ "$mode" = func-start ]; then
    start_host "$repo" "$func" start --port "$port"
  else
    echo "publishing (scripts/publish.sh, as the Dockerfile publishes)"
    "$repo/scripts/publish.sh" "$repo/FunctionsMonitor.csproj" "$work/app" || exit 1
    export HOME=$work AzureFunctionsJobHost__Logging__Console__IsEnabled=true
    if [ -x "$standalone" ]; then
      start_host "$work/app" "$standalone" "$work/app" "$port"
    else
      start_host "$work/app" "$func" host start --port "$port" --enableAuth
    fi
  fi
  host=$!
  started=$(date +%s%N)
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$target/api/healthz")" = 200 ] && break
    kill -0 "$host" 2>/dev/null || { tail -40 "$work/host.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "host started → /api/healthz 200: $(( ($(date +%s%N) - started) / 1000000 )) ms"
fi

threads=$(( connections < 2 ? 1 : 2 ))
header=()
[ -n "$host_header" ] && header=(-H "Host: $host_header")

run() { # label, path, [wrk args...]
  local label=$1 path=$2; shift 2
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${header[@]}" "$@" "$target$path")
  local rps p50 p90 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  printf '%-28s %10s req/s   p50 %-9s p90 %-9s p99 %-9s non-2xx %s\n' "$label" "$rps" "$p50" "$p90" "$p99" "${non2xx:-0}"
}

echo "wrk -t$threads -c$connections -d${seconds}s against $target${host_header:+ (Host: $host_header)} ($mode)"
run "GET /api/metrics" /api/metrics
run "GET /api/chart (repeats)" /api/chart
run "GET /api/chart (uncached)" /api/chart -s "$repo/scripts/uncached-charts.lua"
