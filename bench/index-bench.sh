#!/usr/bin/env bash
# Indexing benchmark: vigie-index against bench-minimal-indexer (the simplest
# single-threaded Xapian indexer, bench/minimal_indexer.cpp) on the same seed
# .txt files, for tv-news-fr (~107k docs) and certfr-avis (~16.5k docs).
#
# Usage: bench/index-bench.sh [--peers-only] [--corpus NAME]... [--runs N]
#   --peers-only   measure only bench-minimal-indexer (when vigie-index is not built)
#   --corpus NAME  limit to this corpus (repeatable; default tv-news-fr certfr-avis)
#   --runs N       runs per tool, alternating the tools; the run of median wall
#                  time is reported (default 1)
# Env: VIGIE_BENCH_DIR (cache, default /tmp/vigie-bench), VIGIE_BUILD_DIR
#      (default <repo>/build-release), VIGIE_BENCH_NO_BUILD=1 (do not run cmake).
#
# Prints a table (documents, wall s, docs/s, MB/s, index size, peak RSS, CPU%)
# and the ratio vigie_time / minimal_time (goal: within 1.3x); writes the same
# as JSON to $VIGIE_BENCH_DIR/index-bench.json. It never fails on a number.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

peers_only=0 runs=1
corpora=()
while [ $# -gt 0 ]; do
  case $1 in
    --peers-only) peers_only=1 ;;
    --corpus) corpora+=("${2:?--corpus needs a name}"); shift ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done
[ ${#corpora[@]} -gt 0 ] || corpora=(tv-news-fr certfr-avis)

mkdir -p "$cache/db" "$cache/logs"
ensure_package /usr/bin/time time || die "cannot install the 'time' package (needed for /usr/bin/time -v)"
command -v "$py" >/dev/null || die "python3 is required"
command -v xapian-delve >/dev/null || log "note: xapian-delve not found (xapian-tools); document counts come from the corpus"

vigie_index=""
if [ $peers_only -eq 0 ]; then
  build_project
  vigie_index=$(find_binary vigie-index) ||
    die "vigie-index not found under $build_dir (build failed or not written yet); rerun with --peers-only to measure the peer alone"
  log "vigie-index: $vigie_index"
fi
minimal=$(minimal_indexer_bin)
log "bench-minimal-indexer: $minimal"

results="$cache/logs/index-bench.results.jsonl"
: >"$results"
load_before=$(cut -d' ' -f1 /proc/loadavg)

# run_tool CORPUS TOOL DBDIR INPUT ARGV...
run_tool() {
  local corpus=$1 tool=$2 db=$3 input=$4; shift 4
  local tag="$corpus-$tool"
  rm -rf "$db" "$db.ok"
  warm_cache "$input"
  log "$corpus: running $tool ..."
  local status=0
  /usr/bin/time -v -o "$cache/logs/$tag.time" "$@" >"$cache/logs/$tag.out" 2>"$cache/logs/$tag.err" || status=$?
  if [ ! -s "$cache/logs/$tag.time" ] || ! grep -q 'Elapsed' "$cache/logs/$tag.time"; then
    log "warning: $tool produced no timing report (exit $status); see $cache/logs/$tag.err"
  fi
  if [ "$status" -gt 1 ]; then
    log "warning: $tool exited with status $status; stderr tail:"
    tail -n 5 "$cache/logs/$tag.err" >&2 || true
  fi
  local index_bytes=null indexed=null
  [ -e "$db" ] && index_bytes=$(du -sb "$db" | cut -f1)
  if command -v xapian-delve >/dev/null && [ -e "$db" ]; then
    indexed=$(xapian-delve "$db" 2>/dev/null | sed -n 's/^number of documents = //p' | head -n1)
    [ -n "$indexed" ] || indexed=null
  fi
  [ "$status" -le 1 ] && date -u +%FT%TZ >"$db.ok"
  "$py" - "$cache/logs/$tag.time" "$corpus" "$tool" "$ndocs" "$nbytes" "$index_bytes" "$indexed" "$status" \
      "$cache/logs/$tag.out" >>"$results" <<'PY'
import json, os, sys
sys.path.insert(0, os.environ["BENCH_DIR"])
from peers import parse_timev
f, corpus, tool, ndocs, nbytes, ibytes, indexed, status, out = sys.argv[1:]
try:
    r = parse_timev(f)
except OSError:
    r = {}
r.update(corpus=corpus, tool=tool, documents=int(ndocs), input_bytes=int(nbytes),
         index_bytes=None if ibytes == "null" else int(ibytes), exit_status=int(status))
if indexed != "null":
    r["indexed_docs"] = int(indexed)
try:
    txt = open(out).read().strip()
    r["summary"] = json.loads(txt.splitlines()[-1]) if txt else None
except (ValueError, IndexError):
    r["summary"] = None
print(json.dumps(r))
PY
}
export BENCH_DIR=$bench_dir

for corpus in "${corpora[@]}"; do
  input=$(corpus_dir "$corpus")
  ndocs=$(find "$input" -type f -name '*.txt' | wc -l)
  nbytes=$(corpus_bytes "$input")
  log "$corpus: $ndocs documents, $nbytes bytes in $input"
  for ((r = 1; r <= runs; r++)); do
    run_tool "$corpus" bench-minimal-indexer "$cache/db/$corpus-minimal" "$input" \
      "$minimal" --db "$cache/db/$corpus-minimal" "$input"
    if [ -n "$vigie_index" ]; then
      run_tool "$corpus" vigie-index "$cache/db/$corpus-vigie" "$input" \
        "$vigie_index" --db "$cache/db/$corpus-vigie" --json "$input"
    fi
  done
done

"$py" "$bench_dir/peers.py" index-report --load-before "$load_before" --json "$cache/index-bench.json" <"$results"
if [ -z "$vigie_index" ]; then
  echo "(vigie-index not measured: --peers-only)"
fi
