#!/usr/bin/env bash
# Builds attest with its tests, examples and benchmarks, and runs every test.
#   scripts/test.sh                       # build/ with g++
#   BUILD_DIR=build-asan CMAKE_ARGS="-DATTEST_SANITIZE=address,undefined" scripts/test.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

"$root/scripts/install-deps.sh"
"$root/scripts/docker-engine.sh" || echo "attest: no Docker engine; the tests labelled docker will report themselves skipped"
echo "attest: configuring in $build"
# shellcheck disable=SC2086
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} ${CMAKE_ARGS:-} >/dev/null
echo "attest: building with $jobs jobs"
cmake --build "$build" -j "$jobs"
echo "attest: running the tests"
cd "$build"
ctest --output-on-failure -j "$jobs" --timeout 600
