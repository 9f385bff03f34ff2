#!/usr/bin/env bash
# Installs what is missing, builds Vigie and runs every test: once in a
# normal build, once under AddressSanitizer and UndefinedBehaviorSanitizer,
# the indexer's tests once more under ThreadSanitizer, then the fuzz
# targets for about a minute (scripts/fuzz.sh). Prints the time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)
started=$SECONDS

# The tests' scratch folders go to a tmpfs when there is one: Xapian syncs
# every commit to disk, and on a busy disk that is most of a test's time.
# (The kill loop kills processes; it does not cut the power, so syncing
# changes nothing it checks.)
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  TMPDIR=$(mktemp -d /dev/shm/vigie-tests.XXXXXX)
  chmod 755 "$TMPDIR"  # unprivileged runs of the fault tests go through it
  export TMPDIR
  trap 'rm -rf "$TMPDIR"' EXIT
fi

# run_suite DIR CTEST_FILTER CMAKE_ARGS...: an empty filter runs every test.
run_suite() {
  local dir=$1 filter=$2
  shift 2
  local step=$SECONDS
  echo "== build $dir ($*)"
  cmake -S . -B "$dir" -DVIGIE_BUILD_BENCH=OFF "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== tests in $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" ${filter:+-R "$filter"})
  echo "== $dir: $((SECONDS - step)) s"
}

rm -rf build/figures  # what the tests measure, for docs/reliability.md (scripts/figures.sh)
run_suite build "" -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Xapian is not instrumented: what ASan reports of its own libc calls is
# left out (tests/sanitizers/asan.supp says why).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:suppressions=$PWD/tests/sanitizers/asan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan "" -DCMAKE_BUILD_TYPE=Debug -DVIGIE_SANITIZE=ON
# The indexer's threads (the pipeline, the writer, signals and reads that
# give up) under ThreadSanitizer: the pipeline's unit tests, and the
# end-to-end tests of indexing run by the normal build's harness against
# TSan builds of the two programs (the kill loop, the size limits and the
# faults run in the builds above).
step=$SECONDS
echo "== build build-tsan (ThreadSanitizer: vigie-index, vigie-search, pipeline tests)"
cmake -S . -B build-tsan -DVIGIE_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIE_TSAN=ON >/dev/null
cmake --build build-tsan -j"$jobs" --target vigie-index vigie-search vigie-pipeline-tests
echo "== tests under ThreadSanitizer"
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
build-tsan/tests/vigie-pipeline-tests
(cd build && VIGIE_TEST_INDEX_BIN="$PWD/../build-tsan/indexer/vigie-index" \
  VIGIE_TEST_SEARCH_BIN="$PWD/../build-tsan/searcher/vigie-search" \
  ctest --output-on-failure -j"$jobs" -R "e2e: *(index:|updates|safety|identity|bulk build)")
unset TSAN_OPTIONS
echo "== build-tsan: $((SECONDS - step)) s"
step=$SECONDS
VIGIE_JOBS=$jobs scripts/fuzz.sh
echo "== fuzz: $((SECONDS - step)) s"
scripts/figures.sh
echo "== all tests passed in $((SECONDS - started)) s"
