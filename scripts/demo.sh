#!/usr/bin/env bash
# The main demo: builds the kv-store example, starts its server, and runs the
# challenge's http-api stage against it: real HTTP, real checks, a real report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
echo "attest: building the kv-store example in $build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build" -j "$(nproc)" --target kv_server kvstore_challenge
echo "attest: starting kv_server and running the kv-store challenge against it"
echo
exec bash "$root/examples/kvstore/run_against_server.sh" \
  "$build/examples/kvstore/kv_server" "$build/examples/kvstore/kvstore_challenge" 0 "${@:-http-api}"
