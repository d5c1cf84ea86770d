#!/usr/bin/env bash
# What the host's console log costs, in the real Functions host over the published output with the image's console
# logging: log bytes and lines per 1,000 successful GET /api/metrics, and the metrics route's req/s with the log
# going to a file (as a pod's goes to its log pipeline). Two configurations side by side, alternating rounds:
#   after    this checkout's host.json and the Dockerfile's Logging__LogLevel__* lines
#   before   host.json and the Dockerfile's Logging__LogLevel__* lines of another revision (--before REV)
#   benchmarks/log-volume.sh --before REV [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS]
# Needs wrk (apt-get install wrk), curl, python3, and the unpacked host (scripts/install-test-tools.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=3 seconds=10 connections=8 before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -d) seconds=$2; shift 2 ;;
    -c) connections=$2; shift 2 ;;
    *) echo "usage: benchmarks/log-volume.sh --before REV [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS]" >&2; exit 64 ;;
  esac
done
[ -n "$before" ] || { echo "--before REV is required (a revision whose host.json and Dockerfile to compare with)" >&2; exit 64; }
command -v wrk >/dev/null || { echo "wrk is not installed: sudo apt-get install wrk" >&2; exit 2; }
host=$repo/.tools/functions-tools/bin/functions-host
[ -x "$host" ] || { echo "$host is missing: run scripts/install-test-tools.sh" >&2; exit 2; }
# shellcheck source=benchmarks/host-lib.sh
. "$repo/benchmarks/host-lib.sh"
# The Dockerfile's log levels for the web host, NAME=VALUE a line (names with dots: passed with env, not export).
levels() { grep -oE 'Logging__LogLevel__[A-Za-z0-9_.]+=[A-Za-z]+' || true; }

echo "publishing ..."
publish "$repo/FunctionsMonitor.csproj" "$work/after"
cp -a "$work/after" "$work/before"
git -C "$repo" show "$before:host.json" >"$work/before/host.json"
levels <"$repo/Dockerfile" >"$work/after.levels"
git -C "$repo" show "$before:Dockerfile" | levels >"$work/before.levels"
side="AzureFunctionsJobHost__functions__0=MetricsFunction AzureFunctionsJobHost__functions__1=MetricsHistoryFunction AzureFunctionsJobHost__functions__2=HealthFunction"

measure() { # name -> prints "bytes lines req/s"
  local name=$1 port home url log
  port=$(free_port)
  home=$(mktemp -d -p "$work")
  log=$work/$name.log
  # shellcheck disable=SC2046,SC2086
  (
    export HOME=$home AzureWebJobsSecretStorageType=files AzureWebJobsStorage="" FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
      AzureFunctionsJobHost__Logging__Console__IsEnabled=true Observability__PrometheusPort=0
    unset CONTAINER_NAME
    exec "$scripts/in-session.sh" "$work/$name.sid" env $side $(cat "$work/$name.levels") "$host" "$work/$name" "$port"
  ) >"$log" 2>&1 &
  url=http://127.0.0.1:$port/api/metrics
  wait_ready "$url" 30 "$log" || exit 1
  wrk -t2 -c"$connections" -d3s "$url" >/dev/null # warm-up, and past the host's one-time start-up lines
  sleep 2
  local start_bytes start_lines
  start_bytes=$(wc -c <"$log") start_lines=$(wc -l <"$log")
  # 1,000 requests on one connection.
  # shellcheck disable=SC2046
  curl -s $(for _ in $(seq 1 1000); do printf '%s ' "$url"; done) >/dev/null
  sleep 2
  local bytes=$(( $(wc -c <"$log") - start_bytes )) lines=$(( $(wc -l <"$log") - start_lines ))
  local rps
  rps=$(wrk -t2 -c"$connections" -d"${seconds}s" "$url" | awk '/^Requests\/sec/ {print $2}')
  "$scripts/in-session.sh" --stop "$work/$name.sid"
  sleep 1
  echo "$bytes $lines $rps"
}

declare -A bytes lines rps
for round in $(seq 1 "$rounds"); do
  for name in before after; do
    read -r b l r < <(measure "$name")
    bytes[$name]="${bytes[$name]:-} $b" lines[$name]="${lines[$name]:-} $l" rps[$name]="${rps[$name]:-} $r"
    echo "round $round  $name  $b bytes  $l lines per 1,000 requests  $r req/s"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "GET /api/metrics, the metrics side's functions; per 1,000 requests; wrk -t2 -c$connections -d${seconds}s; median of $rounds rounds"
printf '%-8s %14s %10s %10s\n' config "log bytes" "log lines" "req/s"
for name in before after; do
  printf '%-8s %14s %10s %10s\n' "$name" "$(median "${bytes[$name]}")" "$(median "${lines[$name]}")" "$(median "${rps[$name]}")"
done
