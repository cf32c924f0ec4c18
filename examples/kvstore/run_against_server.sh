#!/usr/bin/env bash
# Starts kv_server on a free loopback port, runs challenge stages against it with
# --endpoints, stops the server, and checks the runner's exit status.
#   run_against_server.sh <kv_server> <challenge> <expected-exit> <stage>... [-- runner flags]
# SERVER_ARGS adds arguments to kv_server (e.g. "--bug accept-empty-keys").
set -uo pipefail
server=$1 challenge=$2 expected=$3
shift 3

log=$(mktemp)
# shellcheck disable=SC2086
"$server" --listen 127.0.0.1:0 ${SERVER_ARGS:-} >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"; }
trap cleanup EXIT

address=""
for _ in $(seq 200); do
  address=$(sed -n 's/^kv_server listening on //p' "$log")
  [ -n "$address" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$address" ]; then
  echo "kv_server did not start:" >&2
  cat "$log" >&2
  exit 1
fi

"$challenge" --endpoints "n1=$address" "$@"
status=$?
if [ "$status" != "$expected" ]; then
  echo "expected the runner to exit with $expected, it exited with $status" >&2
  exit 1
fi
exit 0
