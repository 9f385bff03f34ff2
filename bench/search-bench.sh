#!/usr/bin/env bash
# Search benchmark on tv-news-fr, now a thin wrapper of bench/run.sh: Vigie
# against PostgreSQL 15 and SQLite FTS5, same documents, same queries (the
# workloads of ../shared/queries, p50/p99 per query, cold single searches).
# bench/run.sh adds Sphinx and the other corpora.
#
# Usage: bench/search-bench.sh [--peers-only] [--runs N] [--reload] [--reindex]
#   --peers-only  measure only PostgreSQL and SQLite
#   --runs N      timed passes per workload, after one warm-up; median reported (default 3)
#   --reload, --reindex  accepted for compatibility: every run now builds afresh
# Env: as bench/run.sh (VIGIE_BENCH_DIR, VIGIE_BUILD_DIR, VIGIE_BENCH_NO_BUILD=1,
#      VIGIE_BENCH_PGPORT, VIGIE_SHARED_DIR).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

args=() runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --peers-only) args+=(--peers-only) ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --reload | --reindex) ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "search-bench: error: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
exec "$here/run.sh" --corpus tv-news-fr --engines vigie,postgresql,sqlite --runs "$runs" --build-runs 1 "${args[@]}"
