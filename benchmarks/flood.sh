#!/usr/bin/env bash
# A flood of uncached charts against the app in the real Functions host, inside a memory cgroup of the chart pod's
# limit, with the readiness probe asked alongside as the kubelet asks it: the answers by status, p50/p99, the peak of
# host and worker's anonymous memory, the probes that answered 200 within their second, and OOM kills. With --before,
# the same for the app published from another checkout, in the same run (this machine is noisy); with --also, this
# checkout again with more settings (toggles side by side). The soak's flood (docs/performance.md): -c 64 -d 30.
#   sudo benchmarks/flood.sh [-c CONNECTIONS] [-d SECONDS] [--before DIR] [--also LABEL "NAME=VALUE ..."]... [NAME=VALUE ...]
#   NAME=VALUE     settings for every run, after the image's environment
# Needs root (a cgroup v1 memory controller, as these machines have), wrk, curl, python3, and the unpacked host
# (scripts/install-test-tools.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
connections=200 seconds=20 before=""
# shellcheck source=benchmarks/host-lib.sh
. "$repo/benchmarks/host-lib.sh"
read_options "benchmarks/flood.sh [-c CONNECTIONS] [-d SECONDS] [--before DIR] [--also LABEL \"NAME=VALUE ...\"]... [NAME=VALUE ...]" "$@"
need_wrk_and_host
publish_after_and_before

flood() { # name, checkout, folder, settings...
  local name=$1 checkout=$2 folder=$3; shift 3
  local port cgroup
  port=$(free_port)
  cgroup=$(memory_cgroup "flood-$name" 512)
  start_in_cgroup "$name" "$checkout" "$folder" "$port" "$cgroup" "${settings[@]}" "$@"
  # The kubelet's probe (1 s timeout) twice a second, and the anonymous memory of the cgroup's processes.
  (
    ok=0 all=0 peak=0 peak_host=0 peak_worker=0
    end=$((SECONDS + seconds))
    while [ $SECONDS -lt $end ]; do
      all=$((all + 1))
      [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/api/healthz")" = 200 ] && ok=$((ok + 1))
      read -r anon host worker _ < <(cgroup_anon "$cgroup")
      [ "$anon" -gt "$peak" ] && peak=$anon peak_host=$host peak_worker=$worker
      sleep 0.5
    done
    echo "probes: $ok of $all answered 200 within 1 s; peak anonymous memory of host and worker: $peak MiB, $((100 * peak / 512)) % of 512 MiB (host $peak_host, worker $peak_worker)"
  ) >"$work/$name.probes" &
  local probing=$!
  echo "== $name${*:+ ($*)}: wrk -t2 -c$connections -d${seconds}s, uncached charts"
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$repo/scripts/uncached-charts.lua" "http://127.0.0.1:$port" | grep '^answers'
  wait $probing
  cat "$work/$name.probes"
  echo "OOM kills: $(awk '/^oom_kill / {print $2}' "$cgroup/memory.oom_control"); host serving after: $(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$port/api/healthz")"
  stop_in_cgroup "$name" "$cgroup"
}

before_after_and_variants flood
