#!/usr/bin/env bash
# The main demo: builds the kv-store example and runs its challenge on nodes that attest
# starts as Docker containers, packed from the server built here (--binary; no image
# registry needed): the http-api, persistence (a SIGTERM restart) and crash-recovery
# (SIGKILL restarts) stages pass against kv_server. Then it runs them against
# kv_server_broken, a build that keeps writes in memory until a clean exit, to show
# what a failure tells the person who has to fix it: crash-recovery fails, with the
# node's log and the hint. Starts a Docker engine when none answers
# (scripts/docker-engine.sh). Exits 0 when both runs end as they should.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
run="$root/examples/kvstore/run_on_docker.sh"
challenge="$build/examples/kvstore/kvstore_challenge"
stages=(http-api persistence crash-recovery)

"$root/scripts/install-deps.sh"
"$root/scripts/docker-engine.sh"
echo "attest: building the kv-store example in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target kv_server kv_server_broken kvstore_challenge >/dev/null
echo "attest: built kv_server, kv_server_broken and kvstore_challenge"

echo
echo "== 1. kv_server as written: every stage passes on Docker-managed nodes"
echo
bash "$run" "$challenge" "$build/examples/kvstore/kv_server" 0 "${stages[@]}"

echo
echo "== 2. kv_server_broken (writes kept in memory until a clean exit): crash-recovery fails"
echo
bash "$run" "$challenge" "$build/examples/kvstore/kv_server_broken" 1 "${stages[@]}"

echo
echo "attest: demo finished: the correct server passed, the broken one failed with its report"
