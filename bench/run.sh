#!/usr/bin/env bash
# One benchmark command: Vigie, PostgreSQL 15, SQLite FTS5 and Sphinx 2.2 on
# the same documents, in the same run, per corpus: build time, MB/s, size on
# disk, peak memory, bytes written while building, the query workloads of
# ../shared/queries (p50/p99 per query, one session per engine and pass) and a
# cold single search as a whole process; Vigie/peer ratios and the goals of
# issue 12. It never fails on a number. See bench/README.md.
#
# Usage: bench/run.sh [options]
#   --corpus NAME     tv-news-fr, certfr-avis, gen-N (gen-20k, gen-100k, gen-1m);
#                     repeatable or comma-separated (default: tv-news-fr,certfr-avis)
#   --scale LIST      generated corpora, e.g. --scale 100k,1m (= --corpus gen-100k,gen-1m),
#                     and the table of how the figures grow from the first to the last
#   --runs N          timed query passes per workload, after one warm-up (default 3)
#   --build-runs N    builds per engine and corpus, alternating engines (default: --runs)
#   --engines LIST    among vigie,postgresql,sqlite,sphinx,minimal (default: the first four)
#   --peers-only      the peers only (e.g. while Vigie does not build)
#   --vigie-only      Vigie only; the peers' figures come from the last run that
#                     measured them on each corpus (marked "cached" in the tables)
#   --baseline DIR    also measure the Vigie binaries of build folder DIR ("today's"),
#                     for the goal "search throughput no lower than today's"
#   --vigie-input jsonl|files  what Vigie indexes on the real corpora: the JSON Lines
#                     file the peers read (default) or the folder of seed .txt files
#   --no-queries      builds only
#   --cold-queries N  queries of the cold single search (default 20), --cold-runs N
#                     timed runs of each (default 5)
#   --label TEXT      a line for the head of the tables (e.g. "machine not quiet")
#   --save            copy the tables into bench/results/run-YYYY-MM-DD-HHMM.md
#                     (and scale-YYYY-MM-DD-HHMM.md when two generated corpora were measured)
# Env: VIGIE_BENCH_DIR (cache, default /tmp/vigie-bench), VIGIE_SHARED_DIR,
#      VIGIE_BUILD_DIR (default <repo>/build-release), VIGIE_BENCH_NO_BUILD=1,
#      VIGIE_BENCH_PGPORT (default 54329), VIGIE_BENCH_SPHINX_PORT (default 19306).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

corpora=() runs=3 build_runs="" engines="" peers_only=0 vigie_only=0 baseline="" vigie_input=jsonl
no_queries=0 cold_queries=20 cold_runs=5 label="" save=0
argv_text="" skip=0
for a in "$@"; do  # the options, for the report; the label has a line of its own there
  if [ $skip -eq 1 ]; then skip=0; elif [ "$a" = --label ]; then skip=1; else argv_text+=" $a"; fi
done
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) IFS=, read -ra parts <<<"${2:?--corpus needs a name}"; corpora+=("${parts[@]}"); shift ;;
    --scale) IFS=, read -ra parts <<<"${2:?--scale needs sizes, e.g. 100k,1m}"
      for s in "${parts[@]}"; do corpora+=("gen-$s"); done; shift ;;
    --runs) runs=${2:?}; shift ;;
    --build-runs) build_runs=${2:?}; shift ;;
    --engines) engines=${2:?}; shift ;;
    --peers-only) peers_only=1 ;;
    --vigie-only) vigie_only=1 ;;
    --baseline) baseline=${2:?--baseline needs a build folder}; shift ;;
    --vigie-input) vigie_input=${2:?}; shift ;;
    --no-queries) no_queries=1 ;;
    --cold-queries) cold_queries=${2:?}; shift ;;
    --cold-runs) cold_runs=${2:?}; shift ;;
    --label) label=${2:?}; shift ;;
    --save) save=1 ;;
    -h | --help) sed -n '2,34p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
[ ${#corpora[@]} -gt 0 ] || corpora=(tv-news-fr certfr-avis)
for c in "${corpora[@]}"; do
  [[ $c =~ ^(tv-news-fr|certfr-avis|gen-[0-9]+[km]?)$ ]] ||
    die "unknown corpus '$c' (tv-news-fr, certfr-avis, gen-N such as gen-20k, gen-100k, gen-1m)"
done
build_runs=${build_runs:-$runs}
for n in "$runs" "$build_runs" "$cold_queries" "$cold_runs"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "counts must be positive integers (got '$n')"
done
case $vigie_input in jsonl | files) ;; *) die "--vigie-input takes jsonl or files" ;; esac
[ $peers_only -eq 0 ] || [ $vigie_only -eq 0 ] || die "--peers-only and --vigie-only exclude each other"

IFS=, read -ra engine_list <<<"${engines:-vigie,postgresql,sqlite,sphinx}"
[ -z "$baseline" ] || engine_list+=(vigie-baseline)
selected=()
for e in "${engine_list[@]}"; do
  case $e in
    vigie | vigie-baseline) [ $peers_only -eq 1 ] || selected+=("$e") ;;
    postgresql | sqlite | sphinx | minimal) [ $vigie_only -eq 1 ] || selected+=("$e") ;;
    *) die "unknown engine '$e' (vigie, postgresql, sqlite, sphinx, minimal)" ;;
  esac
done
[ ${#selected[@]} -gt 0 ] || die "no engine left to measure"
has() { local e; for e in "${selected[@]}"; do [ "$e" = "$1" ] && return 0; done; return 1; }

# ---------------------------------------------------------------- tools
load_start=$(cut -d' ' -f1 /proc/loadavg)  # before our own build adds to it
t_start=$(date +%s)
mkdir -p "$cache/logs" "$cache/db"
"$repo/scripts/install-deps.sh" --bench || die "cannot install the benchmark's Debian packages (scripts/install-deps.sh --bench)"
command -v "$py" >/dev/null || die "python3 is required"
if has sqlite; then
  "$py" -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")' 2>/dev/null ||
    die "python3's sqlite3 module lacks FTS5"
fi
if has postgresql; then "$py" -c 'import psycopg2' 2>/dev/null || die "python3-psycopg2 is missing"; fi
if has sphinx; then
  command -v indexer >/dev/null && command -v searchd >/dev/null || die "Sphinx (indexer, searchd) is missing"
  "$py" -c 'import MySQLdb' 2>/dev/null || "$py" -c 'import pymysql' 2>/dev/null ||
    die "no MySQL client module for SphinxQL (python3-mysqldb or python3-pymysql)"
fi

vigie_index="" vigie_search="" minimal=""
if has vigie || has minimal; then build_project -DVIGIE_BUILD_TESTS=OFF; fi
if has vigie; then
  vigie_index=$(find_binary vigie-index) || die "vigie-index not found under $build_dir (see $cache/build.log); --peers-only measures the peers alone"
  vigie_search=$(find_binary vigie-search) || die "vigie-search not found under $build_dir"
  log "Vigie: $vigie_index, $vigie_search"
fi
if has vigie-baseline; then
  [ -x "$baseline/indexer/vigie-index" ] && [ -x "$baseline/searcher/vigie-search" ] ||
    die "--baseline $baseline has no indexer/vigie-index and searcher/vigie-search"
fi
has minimal && minimal=$(minimal_indexer_bin)

# ---------------------------------------------------------------- run folder
stamp=$(date +%Y-%m-%d-%H%M)
out="$cache/results/run-$stamp$(date +%S)"  # seconds too: two runs in a minute keep their own folder
logs="$out/logs"
results="$out/records.jsonl"
mkdir -p "$logs"
: >"$results"
log "results and logs in $out"

pg_use "$cache/pg" "${VIGIE_BENCH_PGPORT:-54329}"
sphinx_port=${VIGIE_BENCH_SPHINX_PORT:-19306}
trap 'pg_stop; sphinx_stop' EXIT
trap 'exit 130' INT TERM

bench() { "$py" "$bench_dir/bench.py" "$@"; }

# engine_args ENGINE CORPUS: sets eargs, the options of bench.py for this engine.
engine_args() {
  local e=$1 c=$2 db="$cache/db/$2/$1"
  eargs=(--engine "$e" --corpus "$c" --log-dir "$logs")
  case $e in
    vigie) eargs+=(--db "$db" --index-bin "$vigie_index" --search-bin "$vigie_search") ;;
    vigie-baseline) eargs+=(--db "$db" --index-bin "$baseline/indexer/vigie-index" --search-bin "$baseline/searcher/vigie-search") ;;
    minimal) eargs+=(--db "$db" --index-bin "$minimal") ;;
    sqlite) eargs+=(--db "$db.db") ;;
    postgresql) eargs+=(--pg-host "$pgsock" --pg-port "$pgport" --pg-db "bench_${c//-/_}" --pg-pidfile "$pgdata/postmaster.pid") ;;
    sphinx) eargs+=(--db "$db" --sphinx-conf "$db/sphinx.conf" --sphinx-port "$sphinx_port") ;;
  esac
}

# built_ok ENGINE CORPUS: the engine's last build on this corpus succeeded.
built_ok() {
  "$py" - "$results" "$1" "$2" <<'PY'
import json, sys
last = None
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "build" and r["engine"] == sys.argv[2] and r["corpus"] == sys.argv[3]:
        last = r
sys.exit(0 if last and not last.get("error") else 1)
PY
}

# input_for ENGINE CORPUS JSONL_DIR: the folder the engine builds from.
input_for() {
  local e=$1 c=$2 jsonl=$3
  if [[ $c == gen-* ]]; then
    [ "$e" != minimal ] || return 1  # generated corpora exist as JSON Lines only
    echo "$jsonl"
  elif [ "$e" = minimal ] || { [ "$vigie_input" = files ] && [[ $e == vigie* ]]; }; then
    corpus_dir "$c"
  else
    echo "$jsonl"
  fi
}

# ---------------------------------------------------------------- corpora
stats_file="$out/corpora.jsonl"
: >"$stats_file"
: >"$out/durations.jsonl"
for corpus in "${corpora[@]}"; do
  t_corpus=$(date +%s)
  jsonl=$(corpus_jsonl "$corpus") || die "cannot prepare the corpus $corpus"
  "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["corpus"]=sys.argv[2]; print(json.dumps(d))' \
    "$jsonl/.complete" "$corpus" >>"$stats_file"
  case $corpus in tv-news-fr) qprefix=tvnews ;; certfr-avis) qprefix=certfr ;; *) qprefix=tvnews ;; esac
  qprefix="$shared/queries/$qprefix"
  [ -f "$qprefix-2w.txt" ] || die "query workloads not found: $qprefix-2w.txt"
  mkdir -p "$cache/db/$corpus"
  log "$corpus: $(cat "$jsonl/.complete")"

  if has postgresql; then pg_create; fi
  # Builds: engines in a rotated order each round, so none always goes first.
  order=("${selected[@]}")
  for ((round = 1; round <= build_runs; round++)); do
    for e in "${order[@]}"; do
      input=$(input_for "$e" "$corpus" "$jsonl") || { log "$corpus: $e skipped (it needs seed .txt files)"; continue; }
      [ "$e" = postgresql ] && { pg_stop; pg_start; }  # a fresh server: its peak RSS is this build's
      warm_cache "$input"
      log "$corpus: building with $e (round $round of $build_runs)"
      engine_args "$e" "$corpus"
      bench build "${eargs[@]}" --input "$input" --run "$round" >>"$results" ||
        log "warning: measuring the build of $e failed; see $logs"
    done
    order=("${order[@]:1}" "${order[0]}")
  done

  if [ $no_queries -eq 0 ]; then
    # The engines take turns, pass by pass and cold search by cold search
    # (bench.py turns): on a shared machine whose speed changes from one
    # minute to the next, one after the other would compare moments.
    spec="$out/engines-$corpus.jsonl"
    : >"$spec"
    asked=()
    for e in "${selected[@]}"; do
      [ "$e" = minimal ] && continue
      if ! built_ok "$e" "$corpus"; then
        log "$corpus: no query for $e, its build failed"
        continue
      fi
      [ "$e" = sphinx ] && sphinx_start "$cache/db/$corpus/sphinx/sphinx.conf" "$sphinx_port"
      engine_args "$e" "$corpus"
      "$py" -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "${eargs[@]}" >>"$spec"
      asked+=("$e")
    done
    if [ ${#asked[@]} -gt 0 ]; then
      log "$corpus: query workloads ($runs passes each), then cold single searches, ${asked[*]} taking turns"
      bench turns --engines-file "$spec" --queries-prefix "$qprefix" --runs "$runs" \
        --cold-count "$cold_queries" --cold-runs "$cold_runs" >>"$results" ||
        log "warning: the query workloads or cold searches failed; see $logs"
    fi
    for e in "${asked[@]}"; do
      engine_args "$e" "$corpus"
      case $e in
        postgresql) bench server "${eargs[@]}" --pid "$(head -n1 "$pgdata/postmaster.pid")" >>"$results" ;;
        sphinx) bench server "${eargs[@]}" --pid "$(cat "$cache/db/$corpus/sphinx/searchd.pid")" >>"$results"
          sphinx_stop ;;
      esac
    done
  fi
  pg_stop
  printf '{"corpus": "%s", "seconds": %d}\n' "$corpus" $(($(date +%s) - t_corpus)) >>"$out/durations.jsonl"
done

# ---------------------------------------------------------------- report
git_commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
git_dirty=$([ -n "$(git -C "$repo" status --porcelain -- . ':!bench' 2>/dev/null)" ] && echo true || echo false)
VB_LABEL=$label VB_ARGV="bench/run.sh$argv_text" VB_BUILD_DIR=$build_dir VB_COMMIT=$git_commit VB_DIRTY=$git_dirty \
VB_RUNS=$runs VB_BUILD_RUNS=$build_runs VB_COLD_QUERIES=$cold_queries VB_COLD_RUNS=$cold_runs VB_INPUT=$vigie_input \
VB_LOAD_START=$load_start VB_SECONDS=$(($(date +%s) - t_start)) VB_VIGIE_BIN=$vigie_index \
  "$py" - "$out/meta.json" "$stats_file" "$out/durations.jsonl" <<'PY'
import json, os, platform, sys, time
env = os.environ
corpora = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
durations = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "label": env["VB_LABEL"], "argv": env["VB_ARGV"].strip(),
        "build_dir": env["VB_BUILD_DIR"], "git_commit": env["VB_COMMIT"], "git_dirty": env["VB_DIRTY"] == "true",
        "cpus": os.cpu_count(), "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "os": platform.platform(terse=True), "runs": int(env["VB_RUNS"]), "build_runs": int(env["VB_BUILD_RUNS"]),
        "cold_queries": int(env["VB_COLD_QUERIES"]), "cold_runs": int(env["VB_COLD_RUNS"]),
        "vigie_input": env["VB_INPUT"], "load_start": float(env["VB_LOAD_START"]),
        "load_end": round(os.getloadavg()[0], 2), "corpora": {c.pop("corpus"): c for c in corpora},
        "corpus_order": [d["corpus"] for d in durations], "durations": {d["corpus"]: d["seconds"] for d in durations},
        "total_seconds": int(env["VB_SECONDS"]),
        "vigie_built": time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(env["VB_VIGIE_BIN"])))
                       if env["VB_VIGIE_BIN"] else None}
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PY
vigie_only_args=()
[ $vigie_only -eq 0 ] || vigie_only_args=(--cached-peers "$cache/peers")
bench report --results "$results" --meta "$out/meta.json" --save-peers "$cache/peers" "${vigie_only_args[@]}" \
  --md "$out/report.md" --json "$out/report.json" --scale-md "$out/scale.md"
cp "$out/report.md" "$cache/run-latest.md"
cp "$out/report.json" "$cache/run-latest.json"
if [ $save -eq 1 ]; then
  mkdir -p "$bench_dir/results"
  [ ! -e "$bench_dir/results/run-$stamp.md" ] || stamp=$stamp$(date +%S)
  cp "$out/report.md" "$bench_dir/results/run-$stamp.md"
  log "saved bench/results/run-$stamp.md"
  if [ -f "$out/scale.md" ]; then
    cp "$out/scale.md" "$bench_dir/results/scale-$stamp.md"
    log "saved bench/results/scale-$stamp.md"
  fi
fi
log "done in $(($(date +%s) - t_start)) s; tables in $out/report.md, JSON in $out/report.json; cache $(du -sh "$cache" 2>/dev/null | cut -f1)"
