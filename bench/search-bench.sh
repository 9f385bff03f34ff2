#!/usr/bin/env bash
# Search benchmark on tv-news-fr (~107k French TV-news reports): Vigie against
# PostgreSQL 15 full-text search and SQLite FTS5, same documents, same queries.
#
# Usage: bench/search-bench.sh [--peers-only] [--runs N] [--reload] [--reindex]
#   --peers-only  measure only PostgreSQL and SQLite (when Vigie is not built)
#   --runs N      timed passes per workload and engine, median reported (default 3;
#                 one untimed warm-up pass comes first)
#   --reload      reload PostgreSQL and SQLite even if already loaded
#   --reindex     rebuild the Vigie index even if a current one exists
# Env: VIGIE_BENCH_DIR (cache, default /tmp/vigie-bench), VIGIE_BUILD_DIR
#      (default <repo>/build-release), VIGIE_BENCH_PGPORT (default 54329),
#      VIGIE_BENCH_NO_BUILD=1, VIGIE_SHARED_DIR.
#
# Workloads (from ../shared/queries): tvnews-2w.txt (500 two-word queries) and
# tvnews-dates.tsv (50 queries with a date range); plus the single-search
# latency of whole vigie-search processes. Vigie answers through ONE
# `vigie-search --batch --limit 10` process, PostgreSQL through one psycopg2
# connection, SQLite through one connection. Prints queries/s and the ratios
# Vigie/PostgreSQL (goal >= 3x) and Vigie/SQLite (goal > 1x); writes JSON to
# $VIGIE_BENCH_DIR/search-bench.json. It never fails on a number.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

peers_only=0 runs=3 reload=0 reindex=0
while [ $# -gt 0 ]; do
  case $1 in
    --peers-only) peers_only=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --reload) reload=1 ;;
    --reindex) reindex=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done

corpus_name=tv-news-fr
queries="$shared/queries/tvnews-2w.txt"
dates="$shared/queries/tvnews-dates.tsv"
[ -f "$queries" ] && [ -f "$dates" ] || die "query workloads not found in $shared/queries"
pg_use "$cache/pg" "${VIGIE_BENCH_PGPORT:-54329}"
sqlite_db="$cache/sqlite/$corpus_name.db"
results="$cache/logs/search-bench.results.jsonl"
mkdir -p "$cache/logs" "$cache/db" "$cache/sqlite"
: >"$results"
load_before=$(cut -d' ' -f1 /proc/loadavg)

command -v "$py" >/dev/null || die "python3 is required"
"$py" -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")' 2>/dev/null ||
  die "python3's sqlite3 module lacks FTS5"
"$py" -c 'import psycopg2' 2>/dev/null || ensure_package_py=1
if [ -n "${ensure_package_py:-}" ]; then
  log "installing python3-psycopg2"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-psycopg2 >/dev/null ||
    die "cannot install python3-psycopg2"
fi
ensure_package hyperfine hyperfine || log "note: hyperfine unavailable; latency is timed with a loop"

peers() { "$py" "$bench_dir/peers.py" "$@"; }
input=$(corpus_dir "$corpus_name")
ndocs=$(find "$input" -type f -name '*.txt' | wc -l)
log "$corpus_name: $ndocs documents in $input"

# ---------------------------------------------------------------- Vigie index
vigie_search="" vigie_db="$cache/db/$corpus_name-vigie"
if [ $peers_only -eq 0 ]; then
  build_project
  vigie_search=$(find_binary vigie-search) ||
    die "vigie-search not found under $build_dir (build failed or not written yet); rerun with --peers-only"
  vigie_index=$(find_binary vigie-index) || die "vigie-index not found under $build_dir"
  log "vigie-search: $vigie_search"
  # Reuse the index written by index-bench.sh when it is newer than the binary.
  if [ $reindex -eq 1 ] || [ ! -f "$vigie_db.ok" ] || [ "$vigie_index" -nt "$vigie_db.ok" ]; then
    log "indexing $corpus_name with vigie-index into $vigie_db"
    rm -rf "$vigie_db" "$vigie_db.ok"
    t0=$(date +%s%N)
    st=0
    "$vigie_index" --db "$vigie_db" --json "$input" >"$cache/logs/search-vigie-index.out" 2>"$cache/logs/search-vigie-index.err" || st=$?
    [ $st -le 1 ] || die "vigie-index failed (exit $st); see $cache/logs/search-vigie-index.err"
    date -u +%FT%TZ >"$vigie_db.ok"
    t1=$(date +%s%N)
    printf '{"kind":"load","engine":"vigie","documents":%d,"total_seconds":%d.%03d,"size_bytes":%s}\n' \
      "$ndocs" $(( (t1 - t0) / 1000000000 )) $(( (t1 - t0) / 1000000 % 1000 )) \
      "$(du -sb "$vigie_db" | cut -f1)" >>"$results"
  else
    log "reusing the Vigie index in $vigie_db (indexed $(cat "$vigie_db.ok"))"
  fi
fi

# ---------------------------------------------------------------- PostgreSQL
trap pg_stop EXIT
trap 'exit 130' INT TERM
if [ $reload -eq 1 ]; then pg_create --reset; else pg_create; fi
pg_start
pgargs=(--host "$pgsock" --port "$pgport")
pgver=$(psql -h "$pgsock" -p "$pgport" -U postgres -At -c 'SHOW server_version' postgres)
log "PostgreSQL $pgver up"
if [ ! -f "$pgroot/loaded" ] || [ $reload -eq 1 ]; then
  log "loading $ndocs documents into PostgreSQL (COPY, generated tsvector, GIN index) ..."
  peers pg-load "${pgargs[@]}" --corpus "$input" >"$cache/logs/pg-load.json"
  cp "$cache/logs/pg-load.json" "$pgroot/loaded"
fi
"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); o["kind"]="load"; print(json.dumps(o))' "$pgroot/loaded" >>"$results"

# ---------------------------------------------------------------- SQLite FTS5
if [ ! -f "$sqlite_db.loaded" ] || [ $reload -eq 1 ]; then
  log "loading $ndocs documents into SQLite FTS5 ..."
  rm -f "$sqlite_db.loaded"
  peers sqlite-load --db "$sqlite_db" --corpus "$input" >"$sqlite_db.loaded.tmp"
  mv "$sqlite_db.loaded.tmp" "$sqlite_db.loaded"
fi
"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); o["kind"]="load"; print(json.dumps(o))' "$sqlite_db.loaded" >>"$results"

# ---------------------------------------------------------------- workloads
tag_run() { "$py" -c 'import json,sys; o=json.loads(sys.stdin.read()); o["kind"]="run"; print(json.dumps(o))'; }
for wl in "$queries" "$dates"; do
  extra=()
  case $wl in *.tsv) extra=(--dates) ;; esac
  name=$(basename "$wl")
  if [ -n "$vigie_search" ]; then
    log "$name: Vigie (one vigie-search --batch process per pass, $runs passes)"
    peers run vigie "${extra[@]}" --runs "$runs" --queries "$wl" --bin "$vigie_search" --db "$vigie_db" | tag_run >>"$results"
  fi
  log "$name: PostgreSQL (one connection per pass, $runs passes)"
  peers run pg "${extra[@]}" --runs "$runs" --queries "$wl" "${pgargs[@]}" | tag_run >>"$results"
  log "$name: SQLite FTS5 (one connection per pass, $runs passes)"
  peers run sqlite "${extra[@]}" --runs "$runs" --queries "$wl" --db "$sqlite_db" | tag_run >>"$results"
done

# ---------------------------------------------------------------- latency
lat_queries=(--query "déserts médicaux" --query "gouvernement retraités" --query "france"
             --query "réforme des retraites" --query "incendie")
tag_lat() { "$py" -c 'import json,sys; o=json.loads(sys.stdin.read()); o["kind"]="latency"; print(json.dumps(o))'; }
if [ -n "$vigie_search" ]; then
  log "single-search latency: vigie-search (20 runs per query)"
  peers latency --engine vigie --runs 20 --tmpdir "$cache/logs" "${lat_queries[@]}" -- \
    "$vigie_search" --db "$vigie_db" --limit 10 "{q}" | tag_lat >>"$results"
fi
# Peers, one whole client process per query (sqlite3 CLI, psql), for comparison.
sqlite_sql="SELECT id, date, title, snippet(docs, 3, '[', ']', '…', 16) FROM docs WHERE docs MATCH '{q_fts}' ORDER BY bm25(docs) LIMIT 10;"
pg_sql="SELECT id, date, title, ts_headline('fr', body, q) FROM (SELECT id, date, title, body, q, ts_rank_cd(tsv, q) AS rank FROM docs, websearch_to_tsquery('fr', '{q_sql}') AS q WHERE tsv @@ q ORDER BY rank DESC LIMIT 10) AS top ORDER BY rank DESC;"
if command -v sqlite3 >/dev/null; then
  log "single-search latency: sqlite3 CLI (20 runs per query)"
  peers latency --engine sqlite3-cli --runs 20 --tmpdir "$cache/logs" "${lat_queries[@]}" -- \
    sqlite3 -readonly "$sqlite_db" "$sqlite_sql" | tag_lat >>"$results"
fi
log "single-search latency: psql (20 runs per query)"
peers latency --engine psql --runs 20 --tmpdir "$cache/logs" "${lat_queries[@]}" -- \
  psql -X -q -h "$pgsock" -p "$pgport" -U postgres -d postgres -c "$pg_sql" | tag_lat >>"$results"

pg_stop
peers search-report --load-before "$load_before" --json "$cache/search-bench.json" <"$results"
[ -n "$vigie_search" ] || echo "(Vigie not measured: --peers-only)"
