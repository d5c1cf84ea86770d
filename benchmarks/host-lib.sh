# Sourced by the scripts that measure in the real host (compare-in-host.sh, log-volume.sh, flood.sh): a scratch folder $work,
# removed on exit together with every host started in its own process group (its id in $work/NAME.sid), and a
# loopback port that is free now.
work=$(mktemp -d)
cleanup() {
  for sid in "$work"/*.sid; do [ -f "$sid" ] && kill -KILL -- -"$(cat "$sid")" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The publish the Dockerfile runs, of PROJECT into FOLDER; its log only when it fails.
publish() {
  dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo \
    >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }
}
