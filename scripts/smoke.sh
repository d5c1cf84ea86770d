#!/usr/bin/env bash
# Smoke test of a deployed FunctionsMonitor: scripts/smoke.sh [--chart-only] BASE_URL [HOST_HEADER]
#   scripts/smoke.sh http://functions-monitor.example.com                  # the host name resolves to your Gateway,
#                                                                          # ingress controller or Istio ingress gateway
#   scripts/smoke.sh http://127.0.0.1:8080 functions-monitor.example.com   # through a port-forward to any of them
#   scripts/smoke.sh http://127.0.0.1:8080                                 # func start's port
#   scripts/smoke.sh --chart-only http://127.0.0.1:8080                    # docker-compose up: only the chart service
#                                                                          # is published, so /api/metrics must be 404
# Every exposure (gateway, ingress, istio) routes the same public paths, so one script checks them all: the chart is
# a PNG, metrics is JSON of the sample's shape, the public health check answers, the dashboard is HTML, and the
# host's admin API (/admin/host/status) is not reachable from outside.
# Each request may take up to 90 s: with the add-on, the first chart waits while KEDA starts a pod from zero.
set -uo pipefail
chart_only=false
if [ "${1:-}" = --chart-only ]; then chart_only=true; shift; fi
base=${1:?usage: scripts/smoke.sh [--chart-only] BASE_URL [HOST_HEADER]}
base=${base%/}
host_args=()
[ $# -ge 2 ] && host_args=(-H "Host: $2")
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected, actual
  if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected $2, got $3"; failures=$((failures + 1)); fi
}
fetch() { # path, output file -> "status content-type"
  curl -s -m 90 "${host_args[@]}" -o "$2" -w '%{http_code} %{content_type}' "$base$1"
}

read -r status type < <(fetch /api/chart "$tmp/chart.png")
check "GET /api/chart is 200" 200 "$status"
check "GET /api/chart is image/png" image/png "$type"
check "GET /api/chart body is a PNG" "89504e470d0a1a0a" "$(head -c 8 "$tmp/chart.png" | od -An -tx1 | tr -d ' \n')"

read -r status type < <(fetch /api/metrics "$tmp/metrics.json")
if $chart_only; then
  # The chart service hosts no metrics function: the metrics service is reachable only inside the Compose network.
  check "GET /api/metrics is not published (404)" 404 "$status"
else
  check "GET /api/metrics is 200" 200 "$status"
  check "GET /api/metrics is JSON" application/json "${type%%;*}"
  for field in performance_index app_name domain host timestamp; do
    grep -q "\"$field\"" "$tmp/metrics.json" && echo "ok   metrics has \"$field\"" || { echo "FAIL metrics lacks \"$field\""; failures=$((failures + 1)); }
  done
fi

read -r status type < <(fetch /api/healthz "$tmp/healthz.json")
check "GET /api/healthz is 200" 200 "$status"

read -r status type < <(fetch /api/dashboard "$tmp/dashboard.html")
check "GET /api/dashboard is 200" 200 "$status"
check "GET /api/dashboard is HTML" text/html "${type%%;*}"

read -r status _ < <(fetch /admin/host/status "$tmp/admin")
if [ "$status" = 200 ]; then
  echo "FAIL GET /admin/host/status is reachable from outside (200): no exposure may route /admin"; failures=$((failures + 1))
else
  echo "ok   GET /admin/host/status is not reachable ($status)"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
