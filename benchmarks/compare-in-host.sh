#!/usr/bin/env bash
# Requests per second in the real Functions host, configurations side by side in one run: each round starts every
# configuration's host in turn (the published output, the image's environment), warms it up, loads one route with wrk,
# and stops it; the table gives the median of the rounds. This machine is noisy: compare only figures of one run.
#   benchmarks/compare-in-host.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [--before DIR] [--only NAMES]
#   --before DIR   also measure the app published from another checkout (e.g. a worktree of an older commit)
#   --only NAMES   a comma-separated subset of the configurations below
# Configurations (name: app, route, settings):
#   trivial            the trivial function (benchmarks/TrivialFunction), the host's default mode
#   metrics            this app's GET /api/metrics as the metrics Deployment ships it (its function filter): nothing
#                      exported, the host's tracing mode off
#   metrics-traceparent  the same, each request carrying a caller's W3C traceparent (which the worker continues)
#   trivial-traced     the trivial function with the host's tracing mode on, exporting to a sink on loopback
#   metrics-traced     this app's GET /api/metrics with tracing on (mode, OTLP endpoint, service name) to the same sink
#   chart-cached       this app's GET /api/chart, repeated (a cache hit within a bucket)
#   chart-uncached     this app's GET /api/chart, a new size each request
#   before-*           the same routes of the --before checkout, as it ships
# Needs wrk (apt-get install wrk), python3, and Core Tools or the unpacked host (scripts/install-test-tools.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=3 seconds=10 connections=8 before="" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    -r) rounds=$2; shift 2 ;;
    -d) seconds=$2; shift 2 ;;
    -c) connections=$2; shift 2 ;;
    --before) before=$(cd "$2" && pwd); shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: benchmarks/compare-in-host.sh [-r ROUNDS] [-d SECONDS] [-c CONNECTIONS] [--before DIR] [--only NAMES]" >&2; exit 64 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed: sudo apt-get install wrk" >&2; exit 2; }
standalone=$repo/.tools/functions-tools/bin/functions-host
func=$(command -v func || echo "$repo/.tools/functions-tools/bin/func")
# shellcheck source=benchmarks/host-lib.sh
. "$repo/benchmarks/host-lib.sh"

echo "publishing ..."
publish "$repo/benchmarks/TrivialFunction/TrivialFunction.csproj" "$work/trivial"
publish "$repo/FunctionsMonitor.csproj" "$work/app"
[ -n "$before" ] && publish "$before/FunctionsMonitor.csproj" "$work/before"

# An OTLP/HTTP sink on loopback: answers 200 to every export, keeps nothing.
sink_port=$(free_port)
python3 - "$sink_port" <<'PY' >/dev/null 2>&1 &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.send_response(200); self.send_header('Content-Type', 'application/x-protobuf'); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Sink).serve_forever()
PY
sink_pid=$!
trap 'kill $sink_pid 2>/dev/null; cleanup' EXIT
traced="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf AzureFunctionsJobHost__telemetryMode=OpenTelemetry OTEL_SERVICE_NAME=bench"
side="AzureFunctionsJobHost__functions__0=MetricsFunction AzureFunctionsJobHost__functions__1=MetricsHistoryFunction AzureFunctionsJobHost__functions__2=HealthFunction"

configs=(
  "trivial|$work/trivial|/api/trivial||"
  "metrics|$work/app|/api/metrics|$side|"
  "metrics-traceparent|$work/app|/api/metrics|$side|traceparent"
  "trivial-traced|$work/trivial|/api/trivial|$traced|"
  "metrics-traced|$work/app|/api/metrics|$side $traced|"
  "chart-cached|$work/app|/api/chart||"
  "chart-uncached|$work/app|/api/chart||uncached"
)
if [ -n "$before" ]; then
  configs+=(
    "before-metrics|$work/before|/api/metrics|$side|"
    "before-metrics-traceparent|$work/before|/api/metrics|$side|traceparent"
    "before-chart-cached|$work/before|/api/chart||"
    "before-chart-uncached|$work/before|/api/chart||uncached"
  )
fi

measure() { # name, folder, route, settings, script -> prints req/s
  local name=$1 folder=$2 route=$3 settings=$4 script=$5 port home
  port=$(free_port)
  home=$(mktemp -d -p "$work")
  # The image's environment as the checkout ships it (the before configurations' own; the app's folder and port are this
  # host's), then the configuration's settings.
  local checkout=$repo env
  [ "$folder" = "$work/before" ] && checkout=$before
  mapfile -t env < <(image_env "$checkout" | grep -vE '^(AzureWebJobsScriptRoot|ASPNETCORE_URLS)=')
  (
    export HOME=$home AzureWebJobsSecretStorageType=files FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
      AzureFunctionsJobHost__Logging__Console__IsEnabled=true Observability__PrometheusPort=0
    unset CONTAINER_NAME
    # shellcheck disable=SC2086 # the settings are words
    set -- env "${env[@]}" $settings
    if [ -x "$standalone" ]; then
      exec "$@" "$scripts/in-session.sh" "$work/$name.sid" "$standalone" "$folder" "$port"
    else
      cd "$folder" && exec "$@" "$scripts/in-session.sh" "$work/$name.sid" "$func" host start --port "$port" --enableAuth
    fi
  ) >"$work/$name.log" 2>&1 &
  wait_ready "http://127.0.0.1:$port$route" 30 "$work/$name.log" || exit 1
  local args=(-t2 -c"$connections" --latency)
  [ "$script" = uncached ] && args+=(-s "$repo/scripts/uncached-charts.lua")
  [ "$script" = traceparent ] && args+=(-H "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
  wrk "${args[@]}" -d2s "http://127.0.0.1:$port$route" >/dev/null # warm-up
  wrk "${args[@]}" -d"${seconds}s" "http://127.0.0.1:$port$route" | awk '/^Requests\/sec/ {print $2}'
  "$scripts/in-session.sh" --stop "$work/$name.sid"
  sleep 1
}

declare -A results
for round in $(seq 1 "$rounds"); do
  for config in "${configs[@]}"; do
    IFS='|' read -r name folder route settings script <<<"$config"
    [ -n "$only" ] && [[ ",$only," != *",$name,"* ]] && continue
    rps=$(measure "$name" "$folder" "$route" "$settings" "$script")
    results[$name]="${results[$name]:-} $rps"
    echo "round $round  $name  $rps req/s"
  done
done

echo
echo "wrk -t2 -c$connections -d${seconds}s, $rounds rounds, alternating; median req/s (each round's figures)"
for config in "${configs[@]}"; do
  IFS='|' read -r name _ <<<"$config"
  [ -z "${results[$name]:-}" ] && continue
  median=$(tr ' ' '\n' <<<"${results[$name]}" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  printf '%-28s %10s   (%s )\n' "$name" "$median" "${results[$name]}"
done
