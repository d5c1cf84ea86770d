#!/usr/bin/env bash
# A flood of uncached charts against the app in the real Functions host, inside a memory cgroup of the chart pod's
# limit, with the readiness probe asked alongside as the kubelet asks it: the answers by status, p50/p99, the peak of
# host and worker's anonymous memory, the probes that answered 200 within their second, and OOM kills. With --before,
# the same for the app published from another checkout, in the same run (this machine is noisy).
#   sudo benchmarks/flood.sh [-c CONNECTIONS] [-d SECONDS] [--before DIR]
# Needs root (a cgroup v1 memory controller, as these machines have), wrk, curl, python3, and the unpacked host
# (scripts/install-test-tools.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
connections=200 seconds=20 before=""
while [ $# -gt 0 ]; do
  case "$1" in
    -c) connections=$2; shift 2 ;;
    -d) seconds=$2; shift 2 ;;
    --before) before=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: benchmarks/flood.sh [-c CONNECTIONS] [-d SECONDS] [--before DIR]" >&2; exit 64 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed: sudo apt-get install wrk" >&2; exit 2; }
standalone=$repo/.tools/functions-tools/bin/functions-host
[ -x "$standalone" ] || { echo "no standalone host at $standalone: run scripts/install-test-tools.sh" >&2; exit 2; }
own=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup)
[ -n "$own" ] || { echo "no cgroup v1 memory controller here" >&2; exit 2; }
# shellcheck source=benchmarks/host-lib.sh
. "$repo/benchmarks/host-lib.sh"

echo "publishing ..."
publish "$repo/FunctionsMonitor.csproj" "$work/after"
[ -n "$before" ] && publish "$before/FunctionsMonitor.csproj" "$work/before"

# The image's environment (the Dockerfile's ENV lines of its last stage), as each checkout ships it.
image_env() { sed -n '/^FROM mcr.microsoft.com\/azure-functions/,$p' "$1/Dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' \
  | awk '/^ENV / {for (i = 2; i <= NF; i++) print $i}'; }

flood() { # name, checkout, folder
  local name=$1 checkout=$2 folder=$3 port cgroup
  port=$(free_port)
  cgroup=/sys/fs/cgroup/memory${own%/}/functionsmonitor-flood-$name-$$
  mkdir -p "$cgroup" && echo $((512 * 1024 * 1024)) >"$cgroup/memory.limit_in_bytes"
  mapfile -t env < <(image_env "$checkout")
  (
    unset CONTAINER_NAME
    exec env "${env[@]}" HOME="$(mktemp -d -p "$work")" AzureWebJobsSecretStorageType=files Observability__PrometheusPort=0 \
      "$scripts/in-session.sh" --cgroup "$cgroup" "$work/$name.sid" "$standalone" "$folder" "$port"
  ) >"$work/$name.log" 2>&1 &
  disown $! # killed with its session below: no job notice
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/healthz")" = 200 ] && break
    sleep 0.1
  done
  # The kubelet's probe (1 s timeout) twice a second, and the anonymous memory of the cgroup's processes.
  (
    ok=0 all=0 peak=0
    end=$((SECONDS + seconds))
    while [ $SECONDS -lt $end ]; do
      all=$((all + 1))
      [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/api/healthz")" = 200 ] && ok=$((ok + 1))
      anon=$(for pid in $(cat "$cgroup/cgroup.procs"); do awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null; done | awk '{s += $1} END {print int(s / 1024)}')
      [ "$anon" -gt "$peak" ] && peak=$anon
      sleep 0.5
    done
    echo "probes: $ok of $all answered 200 within 1 s; peak anonymous memory of host and worker: $peak MiB"
  ) >"$work/$name.probes" &
  local probing=$!
  echo "== $name: wrk -t2 -c$connections -d${seconds}s, uncached charts"
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$repo/scripts/uncached-charts.lua" "http://127.0.0.1:$port" | grep '^answers'
  wait $probing
  cat "$work/$name.probes"
  echo "OOM kills: $(awk '/^oom_kill / {print $2}' "$cgroup/memory.oom_control"); host serving after: $(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$port/api/healthz")"
  "$scripts/in-session.sh" --stop "$work/$name.sid"
  for _ in $(seq 1 50); do [ -z "$(cat "$cgroup/cgroup.procs")" ] && break; sleep 0.1; done
  rmdir "$cgroup" 2>/dev/null || true
}

[ -n "$before" ] && flood before "$before" "$work/before"
flood after "$repo" "$work/after"
