#!/usr/bin/env bash
# The main demo: builds the kv-store example, starts its real server, and runs the
# challenge's http-api stage against it (real HTTP, real checks, a real report); then
# runs it again against the same server started with a bug, to show what a failure
# tells the person who has to fix it. Exits 0 when both runs end as they should.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
run="$root/examples/kvstore/run_against_server.sh"
server="$build/examples/kvstore/kv_server"
challenge="$build/examples/kvstore/kvstore_challenge"

"$root/scripts/install-deps.sh"
echo "attest: building the kv-store example in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build" -j "$(nproc)" --target kv_server kvstore_challenge >/dev/null
echo "attest: built kv_server and kvstore_challenge"

echo
echo "== 1. kv_server as written: the http-api stage passes"
echo
bash "$run" "$server" "$challenge" 0 http-api

echo
echo "== 2. kv_server --bug accept-empty-keys: the stage stops at the test that catches it"
echo
SERVER_ARGS="--bug accept-empty-keys" bash "$run" "$server" "$challenge" 1 http-api

echo
echo "attest: demo finished: the correct server passed, the buggy one failed with its report"
