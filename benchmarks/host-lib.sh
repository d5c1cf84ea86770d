# Sourced by the scripts that measure in the real host (compare-in-host.sh, log-volume.sh, start-to-ready.sh, flood.sh, soak.sh): a scratch folder $work,
# removed on exit together with every host started in a session of its own by scripts/in-session.sh (its id in
# $work/NAME.sid), and a loopback port that is free now.
scripts=$(cd "$(dirname "${BASH_SOURCE[0]}")/../scripts" && pwd)
work=$(mktemp -d)
cleanup() {
  for sid in "$work"/*.sid; do [ -f "$sid" ] && "$scripts/in-session.sh" --stop "$sid"; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The publish the Dockerfile runs (scripts/publish.sh), of PROJECT into FOLDER; its log only when it fails.
publish() {
  "$scripts/publish.sh" "$1" "$2" || exit 1
}
# The image's environment: the Dockerfile's ENV lines of its last stage, of CHECKOUT, one NAME=VALUE a line.
image_env() { sed -n '/^FROM mcr.microsoft.com\/azure-functions/,$p' "$1/Dockerfile" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' \
  | awk '/^ENV / {for (i = 2; i <= NF; i++) print $i}'; }
# A memory cgroup (v1) of LIMIT MiB under this shell's own, named NAME; prints its folder. Needs root.
memory_cgroup() { # name, limit MiB
  local own path
  own=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup)
  [ -n "$own" ] || { echo "no cgroup v1 memory controller here" >&2; return 2; }
  path=/sys/fs/cgroup/memory${own%/}/functionsmonitor-$1-$$
  mkdir -p "$path" && echo $(($2 * 1024 * 1024)) >"$path/memory.limit_in_bytes" && echo "$path"
}
# Starts the standalone host over FOLDER on PORT inside CGROUP, in a session of its own (its id in $work/NAME.sid, its
# output in $work/NAME.log), with CHECKOUT's image environment and then SETTINGS (NAME=VALUE ...); waits until
# /api/healthz answers 200 (at most 60 s).
start_in_cgroup() { # name, checkout, folder, port, cgroup, settings...
  local name=$1 checkout=$2 folder=$3 port=$4 cgroup=$5; shift 5
  local env
  mapfile -t env < <(image_env "$checkout")
  (
    unset CONTAINER_NAME
    exec env "${env[@]}" HOME="$(mktemp -d -p "$work")" AzureWebJobsSecretStorageType=files Observability__PrometheusPort=0 "$@" \
      "$scripts/in-session.sh" --cgroup "$cgroup" "$work/$name.sid" "$repo/.tools/functions-tools/bin/functions-host" "$folder" "$port"
  ) >"$work/$name.log" 2>&1 &
  disown $! # killed with its session by stop_in_cgroup: no job notice
  wait_ready "http://127.0.0.1:$port/api/healthz" 60 "$work/$name.log"
}
# Waits until URL answers 200, asking every INTERVAL seconds (0.1), for at most SECONDS; past that prints LOG's last
# lines and returns 1: a host that never gets ready stops the script with its reason, instead of holding it forever or
# letting it measure errors.
wait_ready() { # url, seconds, log[, interval]
  local deadline=$(($(date +%s) + $2))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "$1 did not answer 200 within $2 s; the host's log:" >&2; tail -30 "$3" >&2; return 1; }
    sleep "${4:-0.1}"
  done
}
# Stops what start_in_cgroup started and removes the cgroup once its processes are gone.
stop_in_cgroup() { # name, cgroup
  "$scripts/in-session.sh" --stop "$work/$1.sid"
  for _ in $(seq 1 50); do [ -z "$(cat "$2/cgroup.procs")" ] && break; sleep 0.1; done
  rmdir "$2" 2>/dev/null || true
}
# Memory of a cgroup's processes now, in MiB, as "ANON HOST WORKER FILE": anonymous memory (RssAnon: heaps and stacks,
# what the tests read, ProcessStats.AnonymousMegabytes) summed, then the host's and the worker's (the process running
# the app's dll), then their resident file pages (RssFile: mapped assemblies, which the kernel can drop under the limit).
cgroup_anon() { # cgroup
  local pid anon file host=0 worker=0 files=0
  for pid in $(cat "$1/cgroup.procs"); do
    read -r anon file < <(awk '/^RssAnon:/ {a = $2} /^RssFile:/ {f = $2} END {print a + 0, f + 0}' "/proc/$pid/status" 2>/dev/null) || continue
    files=$((files + file))
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'FunctionsMonitor.dll'; then worker=$((worker + anon)); else host=$((host + anon)); fi
  done
  echo "$(((host + worker) / 1024)) $((host / 1024)) $((worker / 1024)) $((files / 1024))"
}
# The options flood.sh and soak.sh read, into connections, seconds, interval, before, also (one "LABEL|NAME=VALUE ..."
# a variant) and settings; anything else prints USAGE and exits.
read_options() { # usage, args...
  local usage=$1; shift
  also=() settings=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -c) connections=$2; shift 2 ;;
      -d) seconds=$2; shift 2 ;;
      -i) interval=$2; shift 2 ;;
      --before) before=$(cd "$2" && pwd); shift 2 ;;
      --also) also+=("$2|$3"); shift 3 ;;
      *=*) settings+=("$1"); shift ;;
      *) echo "usage: $usage" >&2; exit 64 ;;
    esac
  done
}
# What flood.sh and soak.sh need: wrk and the unpacked standalone host.
need_wrk_and_host() {
  command -v wrk >/dev/null || { echo "wrk is not installed: sudo apt-get install wrk" >&2; exit 2; }
  [ -x "$repo/.tools/functions-tools/bin/functions-host" ] || { echo "no standalone host under .tools: run scripts/install-test-tools.sh" >&2; exit 2; }
}
# Publishes this checkout ($repo) into $work/after and, when $before names another checkout, that one into $work/before.
publish_after_and_before() {
  echo "publishing ..."
  publish "$repo/FunctionsMonitor.csproj" "$work/after"
  [ -n "$before" ] && publish "$before/FunctionsMonitor.csproj" "$work/before"
  return 0
}
# Runs RUN (name, checkout, folder, settings...) for $before's publish when there is one, this checkout's, then this
# checkout's again with each of $also's variants ("LABEL|NAME=VALUE ...").
before_after_and_variants() { # run
  local variant label extra
  [ -n "$before" ] && "$1" before "$before" "$work/before"
  "$1" after "$repo" "$work/after"
  for variant in "${also[@]}"; do
    IFS='|' read -r label extra <<<"$variant"
    # shellcheck disable=SC2086 # the settings are words
    "$1" "$label" "$repo" "$work/after" $extra
  done
}
