#!/usr/bin/env bash
# Builds attest's libFuzzer harnesses with clang and runs each for a while
# (fuzz/README.md).
#   scripts/fuzz.sh                          # every harness, 60 s each
#   scripts/fuzz.sh 300 matchers dst_spec    # these two, 5 minutes each
# Environment: BUILD_DIR (default build-fuzz), JOBS (build jobs, default 2), FUZZ_ARGS
# (extra libFuzzer flags, e.g. "-max_len=8192").
# Exit status: 0 when nothing was found, 1 when a harness found a crash, leak, timeout
# or out-of-memory input (written to <build>/fuzz/artifacts/<harness>/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
jobs=${JOBS:-2}
seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [seconds] [harness...]" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then harnesses=(json_path matchers body_matchers dst_spec); fi
for harness in "${harnesses[@]}"; do
  if [ ! -d "$root/fuzz/corpus/$harness" ]; then
    echo "fuzz: no harness '$harness' (the ones there are: $(ls "$root/fuzz/corpus" | tr '\n' ' '))" >&2
    exit 2
  fi
done

echo "fuzz: configuring $build with clang"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++}" -DATTEST_FUZZ=ON \
  -DATTEST_BUILD_TESTS=OFF -DATTEST_BUILD_EXAMPLES=OFF -DATTEST_BUILD_BENCH=OFF \
  -DATTEST_INSTALL=OFF >/dev/null
targets=()
for harness in "${harnesses[@]}"; do targets+=("attest_fuzz_$harness"); done
echo "fuzz: building ${targets[*]}"
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

found=0
summary=()
for harness in "${harnesses[@]}"; do
  work=$build/fuzz/work/$harness
  artifacts=$build/fuzz/artifacts/$harness
  log=$build/fuzz/$harness.log
  mkdir -p "$work" "$artifacts"
  inputs=("$work" "$root/fuzz/corpus/$harness")
  [ -d "$root/fuzz/regressions/$harness" ] && inputs+=("$root/fuzz/regressions/$harness")
  echo "fuzz: running $harness for ${seconds}s (log: $log)"
  status=0
  # shellcheck disable=SC2086
  "$build/fuzz/attest_fuzz_$harness" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    ${FUZZ_ARGS:-} "${inputs[@]}" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  new=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
  artifact_list=$(ls -t "$artifacts" 2>/dev/null | head -5 | tr '\n' ' ')
  if [ "$status" -ne 0 ]; then
    found=1
    verdict="FOUND something (exit $status): $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|deadly signal|timeout|out-of-memory|invariant broken' "$log" || echo 'see the log')"
    [ -n "$artifact_list" ] && verdict+="; inputs in $artifacts: $artifact_list"
  else
    verdict="nothing found"
  fi
  line="$harness: ${rate:-?} exec/s, ${runs:-?} runs, ${new:-0} new corpus inputs; $verdict"
  echo "fuzz: $line"
  summary+=("$line")
done

echo
echo "fuzz: summary (${seconds}s per harness)"
for line in "${summary[@]}"; do echo "  $line"; done
exit $found
