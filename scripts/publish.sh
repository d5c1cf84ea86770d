#!/usr/bin/env bash
# The app published as the Dockerfile publishes it (its `RUN dotnet publish` line): framework-dependent for linux-x64
# only (17 MB, not 160 MB for 15 platforms) and ReadyToRun. This is the one copy of that command outside the
# Dockerfile: the tests (PublishedApp), scripts/load.sh and the benchmarks (host-lib.sh's publish) run it.
#   scripts/publish.sh PROJECT FOLDER
# Quiet when it succeeds; when it fails, the publish's log on standard error and its exit status.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/publish.sh PROJECT FOLDER" >&2; exit 64; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo >"$log" 2>&1
status=$?
[ "$status" -eq 0 ] || cat "$log" >&2
exit "$status"
