#!/usr/bin/env bash
# Runs challenge stages on nodes that attest starts as Docker containers from a
# program built on this machine (the runner's --binary), and checks the runner's exit
# status. Reports itself skipped (exit 77) when no Docker engine answers.
#   run_on_docker.sh <challenge> <program> <expected-exit> <stage>... [runner flags]
set -uo pipefail
challenge=$1 program=$2 expected=$3
shift 3

docker=${ATTEST_DOCKER:-docker}
if ! "$docker" info >/dev/null 2>&1; then
  echo "SKIPPED: no Docker engine answers ($docker info failed); scripts/docker-engine.sh starts one"
  exit 77
fi

"$challenge" --binary "$program" "$@"
status=$?
if [ "$status" != "$expected" ]; then
  echo "expected the runner to exit with $expected, it exited with $status" >&2
  exit 1
fi
exit 0
