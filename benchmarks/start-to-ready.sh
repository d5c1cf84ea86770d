#!/usr/bin/env bash
# Start to ready, as a pod's readiness probe sees it: from starting the Functions host over the published output to its
# first 200 on /api/healthz, for each Deployment's side (its function filter), and the resident memory of the host and
# its worker two seconds later. Configurations alternate within each round; the table gives medians.
#   benchmarks/start-to-ready.sh [-n RUNS] [--before DIR]   (DIR: another checkout, e.g. a worktree of an older commit)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=5 before=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --before) before=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: benchmarks/start-to-ready.sh [-n RUNS] [--before DIR]" >&2; exit 64 ;;
  esac
done
standalone=$repo/.tools/functions-tools/bin/functions-host
[ -x "$standalone" ] || { echo "needs the standalone host: scripts/install-test-tools.sh" >&2; exit 2; }
# shellcheck source=benchmarks/host-lib.sh
. "$repo/benchmarks/host-lib.sh"
echo "publishing ..."
publish "$repo/FunctionsMonitor.csproj" "$work/after"
builds=(after)
[ -n "$before" ] && { publish "$before/FunctionsMonitor.csproj" "$work/before"; builds=(before after); }

metrics_side=(AzureFunctionsJobHost__functions__0=MetricsFunction AzureFunctionsJobHost__functions__1=MetricsHistoryFunction
  AzureFunctionsJobHost__functions__2=HealthFunction)
chart_side=(AzureFunctionsJobHost__functions__0=ChartFunction AzureFunctionsJobHost__functions__1=DashboardFunction
  AzureFunctionsJobHost__functions__2=OpenApiFunction AzureFunctionsJobHost__functions__3=HealthFunction
  MetricsService__BaseUrl=http://127.0.0.1:9/api)
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }

once() { # build, side -> "ms host_mb worker_mb"
  local build=$1 side=$2 port
  port=$(free_port)
  local settings=("${metrics_side[@]}")
  [ "$side" = chart ] && settings=("${chart_side[@]}")
  local started
  started=$(date +%s%N)
  (
    export HOME=$(mktemp -d -p "$work") AzureWebJobsSecretStorageType=files FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
      AzureFunctionsJobHost__Logging__Console__IsEnabled=true Observability__PrometheusPort=0 \
      Chart__FontFile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "${settings[@]}"
    unset CONTAINER_NAME
    exec "$scripts/in-session.sh" "$work/run.sid" "$standalone" "$work/$build" "$port"
  ) >"$work/host.log" 2>&1 &
  wait_ready "http://127.0.0.1:$port/api/healthz" 60 "$work/host.log" 0.02 || exit 1
  local ms=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 2
  local sid host worker
  sid=$(cat "$work/run.sid")
  host=$(pgrep -s "$sid" -f WebJobs.Script.WebHost | head -1)
  worker=$(pgrep -s "$sid" -f 'FunctionsMonitor.dll' | head -1)
  echo "$ms $(rss "$host") $(rss "$worker")"
  "$scripts/in-session.sh" --stop "$work/run.sid"
  sleep 1
}

declare -A ms host worker
for run in $(seq 1 "$runs"); do
  for side in metrics chart; do
    for build in "${builds[@]}"; do
      read -r m h w < <(once "$build" "$side")
      ms[$build-$side]="${ms[$build-$side]:-} $m"; host[$build-$side]="${host[$build-$side]:-} $h"; worker[$build-$side]="${worker[$build-$side]:-} $w"
      echo "run $run  $build  $side  ready ${m} ms  host ${h} MB  worker ${w} MB"
    done
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "median of $runs runs: start → /api/healthz 200, resident memory 2 s after"
for side in metrics chart; do
  for build in "${builds[@]}"; do
    printf '%-8s %-7s %6s ms   host %4s MB   worker %4s MB\n' "$build" "$side" "$(median "${ms[$build-$side]}")" \
      "$(median "${host[$build-$side]}")" "$(median "${worker[$build-$side]}")"
  done
done
