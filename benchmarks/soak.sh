#!/usr/bin/env bash
# A soak of mixed traffic against the app in the real Functions host, inside a memory cgroup of the chart pod's limit
# (512 MiB), with the image's environment (the Dockerfile's ENV) and the Prometheus endpoint on and scraped every 15 s
# as a pod's is: wrk with CONNECTIONS connections cycling GET /api/metrics, /api/chart (a cache hit within a bucket)
# and /api/chart?kind=history; the anonymous memory of host and worker (RssAnon, as the tests read it, and the
# cgroup's memory.stat total_rss) sampled every INTERVAL seconds. Prints the plateau (min–max over the last 2 minutes,
# or the last 40 % of a shorter run), the peak, and the requests served.
#   sudo benchmarks/soak.sh [-d SECONDS] [-c CONNECTIONS] [-i INTERVAL] [--before DIR] [--also LABEL "NAME=VALUE ..."]... [NAME=VALUE ...]
#   -d SECONDS     the soak's length (300); a shorter one for quick iterations
#   --before DIR   first the same soak of the app published from another checkout (e.g. a worktree of an older commit)
#   --also LABEL "NAME=VALUE ..."   then this checkout again with these settings too (repeatable: toggles side by side)
#   NAME=VALUE     settings for every run, after the image's environment
# Needs root (a cgroup v1 memory controller, as these machines have), wrk, curl, python3, and the unpacked host
# (scripts/install-test-tools.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=300 connections=4 interval=3 before=""
# shellcheck source=benchmarks/host-lib.sh
. "$repo/benchmarks/host-lib.sh"
read_options "benchmarks/soak.sh [-d SECONDS] [-c CONNECTIONS] [-i INTERVAL] [--before DIR] [--also LABEL \"NAME=VALUE ...\"]... [NAME=VALUE ...]" "$@"
need_wrk_and_host
publish_after_and_before

# One route after another on every connection: the metrics, a bar chart, a history chart.
cat >"$work/mixed.lua" <<'LUA'
local paths = {"/api/metrics", "/api/chart", "/api/chart?kind=history"}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end
LUA

soak() { # name, checkout, folder, settings...
  local name=$1 checkout=$2 folder=$3; shift 3
  local port scrape cgroup
  port=$(free_port) scrape=$(free_port)
  cgroup=$(memory_cgroup "soak-$name" 512)
  start_in_cgroup "$name" "$checkout" "$folder" "$port" "$cgroup" Observability__PrometheusPort="$scrape" "${settings[@]}" "$@"
  echo "== $name${*:+ ($*)}: wrk -t2 -c$connections -d${seconds}s, metrics / chart / history chart in turn; memory every ${interval}s"
  (
    start=$SECONDS next_scrape=0 managed=0
    while [ $((SECONDS - start)) -lt "$seconds" ]; do
      if [ $((SECONDS - start)) -ge $next_scrape ]; then
        # The worker's managed heap as its last GC left it (committed), from the scrape.
        managed=$(curl -s -m 5 "http://127.0.0.1:$scrape/metrics" | awk '/^dotnet_gc_last_collection_memory_committed_size_bytes/ {s += $2} END {print int(s / 1048576)}') || managed=0
        next_scrape=$((next_scrape + 15))
      fi
      echo "$((SECONDS - start)) $(cgroup_anon "$cgroup") $(awk '/^total_rss / {print int($2 / 1048576)}' "$cgroup/memory.stat") $(($(cat "$cgroup/memory.usage_in_bytes") / 1048576)) $managed"
      sleep "$interval"
    done
  ) >"$work/$name.samples" &
  local sampling=$!
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/mixed.lua" "http://127.0.0.1:$port" >"$work/$name.wrk"
  wait $sampling
  local window=$((seconds * 2 / 5 < 120 ? seconds * 2 / 5 : 120))
  awk -v from=$((seconds - window)) -v window=$window -v limit=512 '
    { if ($2 > peak) peak = $2; if ($6 > rsspeak) rsspeak = $6; if ($2 + $5 > vmpeak) vmpeak = $2 + $5; if ($7 > usepeak) usepeak = $7 }
    $1 >= from { n++; if (n == 1 || $2 < lo) lo = $2; if ($2 > hi) hi = $2; if (n == 1 || $3 < hlo) hlo = $3; if ($3 > hhi) hhi = $3
                 if (n == 1 || $4 < wlo) wlo = $4; if ($4 > whi) whi = $4; if (n == 1 || $6 < rlo) rlo = $6; if ($6 > rhi) rhi = $6
                 if (n == 1 || $2 + $5 < vlo) vlo = $2 + $5; if ($2 + $5 > vhi) vhi = $2 + $5; if (n == 1 || $7 < ulo) ulo = $7; if ($7 > uhi) uhi = $7
                 if (n == 1 || $8 < glo) glo = $8; if ($8 > ghi) ghi = $8 }
    END { printf "plateau (last %d s, %d samples): %d-%d MiB anonymous (host %d-%d, worker %d-%d of which its GC heap committed %d-%d; cgroup total_rss %d-%d); with file pages (VmRSS) %d-%d, cgroup usage %d-%d\n", window, n, lo, hi, hlo, hhi, wlo, whi, glo, ghi, rlo, rhi, vlo, vhi, ulo, uhi
          printf "peak: %d MiB anonymous, %.0f %% of %d MiB (cgroup total_rss %d; VmRSS %d, cgroup usage %d)\n", peak, 100 * peak / limit, limit, rsspeak, vmpeak, usepeak }' "$work/$name.samples"
  awk 'NR % 10 == 1 {printf "  %ss:%s", $1, $2} END {print ""}' "$work/$name.samples"
  echo "$(awk '/requests in/ {print $1}' "$work/$name.wrk") requests, $(awk '/^Requests\/sec/ {print $2}' "$work/$name.wrk") req/s, non-2xx: $(awk '/Non-2xx/ {print $5}' "$work/$name.wrk" | grep . || echo 0); OOM kills: $(awk '/^oom_kill / {print $2}' "$cgroup/memory.oom_control")"
  stop_in_cgroup "$name" "$cgroup"
}

before_after_and_variants soak
