# Sourced by the scripts that measure in the real host (compare-in-host.sh, log-volume.sh, flood.sh): a scratch folder $work,
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
