#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with Debian's clang 14 (ASan
# and UBSan on) and runs each for a bounded time from its committed seed
# corpus (tests/fuzz/corpus/<target>/). A crash fails the script and its
# input is kept in build-fuzz/crashes/: make it a regression test
# (tests/unit/test_fuzz_regressions.cpp) and add it to the seed corpus.
# VIGIE_FUZZ_SECONDS sets the time per target (default 12: a minute in all).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${VIGIE_FUZZ_SECONDS:-12}
jobs=${VIGIE_JOBS:-$(nproc)}
targets=(text_reader jsonl_reader analyzer dates search)
# Longest input per target: whole small files for the readers; queries
# stay short (the cost of huge queries is bounded elsewhere).
declare -A max_len=([text_reader]=4096 [jsonl_reader]=4096 [analyzer]=4096 [dates]=64 [search]=256)

echo "== build build-fuzz (clang 14, libFuzzer, ASan, UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DVIGIE_FUZZ=ON -DVIGIE_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$jobs" --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/crashes build-fuzz/figures
figures=build-fuzz/figures/fuzz.txt
: >"$figures"
failed=0
for t in "${targets[@]}"; do
  echo "== fuzz $t (${seconds}s)"
  mkdir -p "$work/$t"
  # New inputs go to a scratch folder: the committed seeds stay as they are.
  if ! build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
      -max_len="${max_len[$t]}" -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$t-" \
      "$work/$t" "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    failed=1
    tail -n 60 "$work/$t.log"
    echo "fuzz: $t crashed; the input is in build-fuzz/crashes/" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/$t.log" | tail -n 1)
  echo "$t: ${runs:-0} executions in ${took:-?} s" | tee -a "$figures"
done
exit "$failed"
