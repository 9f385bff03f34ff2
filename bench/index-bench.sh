#!/usr/bin/env bash
# Indexing benchmark, now a thin wrapper of bench/run.sh: vigie-index against
# bench-minimal-indexer (the simplest single-threaded Xapian indexer,
# bench/minimal_indexer.cpp), both reading the same seed .txt files, builds
# only. The old goal of this script: vigie time within 1.3x the minimal one
# (the Vigie / minimal Xapian column of the table).
#
# Usage: bench/index-bench.sh [--peers-only] [--corpus NAME]... [--runs N]
#   --peers-only   measure only bench-minimal-indexer
#   --corpus NAME  tv-news-fr or certfr-avis (repeatable; default both)
#   --runs N       builds per tool, alternating the tools; medians reported (default 1)
# Env: as bench/run.sh (VIGIE_BENCH_DIR, VIGIE_BUILD_DIR, VIGIE_BENCH_NO_BUILD=1).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

engines=vigie,minimal runs=1
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --peers-only) engines=minimal ;;
    --corpus) args+=(--corpus "${2:?--corpus needs a name}"); shift ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "index-bench: error: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
exec "$here/run.sh" --engines "$engines" --vigie-input files --no-queries --build-runs "$runs" "${args[@]}"
