#!/usr/bin/env bash
# Checks the C++ sources against .clang-format and .clang-tidy; exit status 1 on any
# finding. Installs clang-format and clang-tidy (Debian's, version 14) when missing.
#   scripts/lint.sh                # both checks
#   scripts/lint.sh format         # clang-format only (a second or two)
#   scripts/lint.sh tidy           # clang-tidy only
#   LINT_BUILD_DIR=... JOBS=N      # clang-tidy's build directory (build-lint), parallel runs
#
# clang-format checks every tracked C++ file except tests/golden/expected/ (generator
# output, compared byte for byte). clang-tidy runs on the translation units below, which
# together include every header under include/attest/ (the only headers it reports on):
# src/attest.cpp compiles every definition, tests/odr/odr_test.cpp includes every public
# header in header-only mode, a few tests instantiate the DSL's and DST's templates, and
# tools/attest-dst is the generator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LINT_BUILD_DIR:-$root/build-lint}
jobs=${JOBS:-$(nproc)}
cd "$root"

tidy_units=(
  src/attest.cpp
  tests/odr/odr_test.cpp
  tests/integration/suite_test.cpp
  tests/unit/dsl/matchers_is_test.cpp
  tests/unit/dst/executor_test.cpp
  tools/attest-dst/*.cpp
)

run_format=1
run_tidy=1
case "${1:-}" in
  "") ;;
  format) run_tidy=0 ;;
  tidy) run_format=0 ;;
  *) echo "usage: scripts/lint.sh [format|tidy]" >&2; exit 2 ;;
esac

# The configuration is written for version 14 (Debian 12); other versions format and
# warn differently. CLANG_FORMAT / CLANG_TIDY pick other binaries.
pick() {
  if command -v "$1-14" >/dev/null 2>&1; then echo "$1-14"; else echo "$1"; fi
}
clang_format=${CLANG_FORMAT:-$(pick clang-format)}
clang_tidy=${CLANG_TIDY:-$(pick clang-tidy)}

missing=()
if [ "$run_format" = 1 ] && ! command -v "$clang_format" >/dev/null 2>&1; then missing+=(clang-format); fi
if [ "$run_tidy" = 1 ] && ! command -v "$clang_tidy" >/dev/null 2>&1; then missing+=(clang-tidy); fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "attest: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "attest: installing missing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  clang_format=${CLANG_FORMAT:-$(pick clang-format)}
  clang_tidy=${CLANG_TIDY:-$(pick clang-tidy)}
fi

major() { "$1" --version | sed -n 's/.*version \([0-9]*\).*/\1/p' | head -n 1; }
for tool in $([ "$run_format" = 1 ] && echo "$clang_format") $([ "$run_tidy" = 1 ] && echo "$clang_tidy"); do
  if [ "$(major "$tool")" != 14 ]; then
    echo "attest: warning: $tool is version $(major "$tool"); the configuration is written for 14" >&2
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

if [ "$run_format" = 1 ]; then
  git ls-files -z -- '*.cpp' '*.hpp' '*.h' ':!:tests/golden/expected/' > "$tmp/files"
  count=$(tr -cd '\0' < "$tmp/files" | wc -c)
  echo "attest: clang-format ($($clang_format --version | sed 's/.*version //')): checking $count files"
  # Each batch of files writes its own log, so that parallel runs do not interleave.
  export clang_format tmp
  # shellcheck disable=SC2016  # expanded by the inner sh
  xargs -0 -r -P "$jobs" -n 20 sh -c \
    '"$clang_format" --dry-run --Werror "$@" > "$(mktemp "$tmp/format.XXXXXX")" 2>&1' sh \
    < "$tmp/files" || true
  cat "$tmp"/format.* > "$tmp/format"
  sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' "$tmp/format" |
    sort -u > "$tmp/unformatted"
  if [ -s "$tmp/unformatted" ] || grep -q 'error:' "$tmp/format"; then
    status=1
    head -n 200 "$tmp/format"
    lines=$(wc -l < "$tmp/format")
    if [ "$lines" -gt 200 ]; then echo "... ($lines lines in all)"; fi
    echo "attest: clang-format: $(wc -l < "$tmp/unformatted") file(s) need formatting:"
    sed 's/^/  /' "$tmp/unformatted"
    echo "attest: to format them: git ls-files -z -- '*.cpp' '*.hpp' '*.h' ':!:tests/golden/expected/' | xargs -0 $clang_format -i"
  else
    echo "attest: clang-format: no findings"
  fi
fi

if [ "$run_tidy" = 1 ]; then
  "$root/scripts/install-deps.sh"
  echo "attest: configuring in $build (compile commands for clang-tidy)"
  cmake -S "$root" -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
  echo "attest: clang-tidy ($($clang_tidy --version | sed -n 's/.*LLVM version //p')): ${#tidy_units[@]} translation units, $jobs at a time"
  # One log per unit, printed whole when clang-tidy fails on it; the "N warnings
  # generated" lines count warnings in other people's headers, which are not reported.
  export clang_tidy build tmp
  # shellcheck disable=SC2016  # expanded by the inner sh
  printf '%s\0' "${tidy_units[@]}" | xargs -0 -P "$jobs" -I{} sh -c '
    log="$tmp/tidy-$(echo "$1" | tr / _).log"
    if "$clang_tidy" -p "$build" --quiet "$1" > "$log" 2>&1; then
      echo "  ok      $1"
    else
      echo "  FAILED  $1"
      echo "$1" >> "$tmp/tidy-failed"
    fi' sh {}
  if [ -s "$tmp/tidy-failed" ]; then
    status=1
    while read -r unit; do
      echo "attest: clang-tidy findings in $unit:"
      grep -Ev '^[0-9]+ (warning|error)s? (and [0-9]+ (warning|error)s? )?generated\.$' \
        "$tmp/tidy-$(echo "$unit" | tr / _).log" || true
    done < "$tmp/tidy-failed"
  else
    echo "attest: clang-tidy: no findings"
  fi
fi

if [ "$status" != 0 ]; then
  echo "attest: lint found problems (see above)" >&2
  exit 1
fi
echo "attest: lint passed"
