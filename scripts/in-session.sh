#!/usr/bin/env bash
# A Functions host (or any command) in a session of its own, so that it and everything it starts (the worker, MSBuild's
# nodes under `func start`) stop together. The one way the tests (HostProcess), scripts/load.sh and the benchmarks
# start a host and stop it.
#   scripts/in-session.sh [--cgroup DIR] [--hold] SIDFILE COMMAND [ARG...]
#     runs COMMAND in a new session and writes the session's id to SIDFILE ("-" for none). --cgroup DIR: the session
#     runs in that memory cgroup. --hold: the session also ends, all of it at once, when this script's standard input
#     closes (the test process that started it let go of it, or is gone however it ended); when COMMAND ends by itself
#     (a host that gives up), what is left of the session is stopped and COMMAND's status returned.
#   scripts/in-session.sh --stop SIDFILE
#     kills every process of that session, and removes SIDFILE.
set -u
if [ "${1:-}" = --stop ]; then
  [ -f "${2:?SIDFILE}" ] && kill -KILL -- -"$(cat "$2")" 2>/dev/null
  rm -f "$2"
  exit 0
fi
cgroup="" hold=0
while :; do
  case "${1:-}" in
    --cgroup) cgroup=$2; shift 2 ;;
    --hold) hold=1; shift ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: scripts/in-session.sh [--cgroup DIR] [--hold] SIDFILE COMMAND [ARG...] | --stop SIDFILE" >&2; exit 64; }
sidfile=$1
shift
# Started by a test process or from a script, this process leads no process group, so setsid runs in place and the
# session's id is this process's id (a test reads it as the child's pid). A background job's standard input is
# /dev/null unless redirected: the watcher reads the session's own, kept as descriptor 3.
exec setsid --wait bash -c '
  sidfile=$1 cgroup=$2 hold=$3
  shift 3
  [ "$sidfile" = - ] || echo $$ >"$sidfile"
  [ -z "$cgroup" ] || echo $$ >"$cgroup/cgroup.procs"
  [ "$hold" = 1 ] || exec "$@"
  exec 3<&0
  "$@" </dev/null 3<&- &
  child=$!
  ( read -r _ <&3; kill -KILL -- -$$ ) &
  wait "$child"
  status=$?
  trap "" TERM
  kill -TERM -- -$$ 2>/dev/null
  exit $status' in-session "$sidfile" "$cgroup" "$hold" "$@"
