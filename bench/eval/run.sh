#!/usr/bin/env bash
# Ranking evaluation on PIAF v1.1 (1,518 French Wikipedia paragraphs, 7,569
# questions with one relevant paragraph each): Vigie against PostgreSQL 15,
# SQLite FTS5 and Sphinx 2.2, on the same passages and questions, with and
# without the article titles. Prints MRR@10, R@10, R@100 and seconds per
# engine/ranker; writes the table as Markdown and JSON in the cache.
#
# Usage: bench/eval/run.sh [--vigie-only] [--save] [--reload]
#   --vigie-only  measure Vigie only; the peers' last figures are read back
#                 from the cache and printed beside, marked as cached
#   --save        also copy the Markdown into bench/results/piaf-eval-YYYY-MM-DD.md
#   --reload      rebuild the peers' databases even if their inputs did not change
# Env: VIGIE_EVAL_ARGS (extra vigie-search arguments), VIGIE_BENCH_DIR (cache,
#      default /tmp/vigie-bench; this script uses its eval/ folder),
#      VIGIE_BUILD_DIR (default <repo>/build-release), VIGIE_BENCH_NO_BUILD=1,
#      VIGIE_SHARED_DIR (default <repo>/../shared), VIGIE_BENCH_PGPORT (default
#      54329, unix socket only), VIGIE_EVAL_SPHINX_PORT (default 39306, 127.0.0.1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
script_name=eval
t_start=$(date +%s)

vigie_only=0 save=0 reload=()
while [ $# -gt 0 ]; do
  case $1 in
    --vigie-only) vigie_only=1 ;;
    --save) save=1 ;;
    --reload) reload=(--reload) ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

data="$shared/corpora/piaf-qa"
stopwords="$shared/data/french-stopwords.txt"
for f in "$data/passages.jsonl" "$data/queries.jsonl" "$stopwords"; do
  [ -f "$f" ] || die "$f not found (set VIGIE_SHARED_DIR to the shared folder)"
done
ev="$cache/eval"
mkdir -p "$ev/logs" "$cache/logs"
sphinx_port=${VIGIE_EVAL_SPHINX_PORT:-39306}

# Debian packages: the build's, plus the peers' unless Vigie runs alone.
if [ $vigie_only -eq 1 ]; then "$repo/scripts/install-deps.sh"; else "$repo/scripts/install-deps.sh" --eval; fi
[ -x "$py" ] || command -v "$py" >/dev/null || die "python3 is required"

build_project -DVIGIE_BUILD_TESTS=OFF
# A failed build would leave older binaries behind: never measure those.
[ $build_failed -eq 0 ] || die "the Release build failed; see $cache/build.log"
vigie_index=$(find_binary vigie-index) || die "vigie-index not found under $build_dir (build it, or unset VIGIE_BENCH_NO_BUILD)"
vigie_search=$(find_binary vigie-search) || die "vigie-search not found under $build_dir"
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit+changes"
built=$(date -r "$vigie_search" '+%Y-%m-%d %H:%M')

common=(--data "$data" --stopwords "$stopwords" --work "$ev" --sphinx-port "$sphinx_port" --commit "$commit" "${reload[@]}")
evalpy() { "$py" "$bench_dir/eval/piaf_eval.py" "$@"; }

# ---------------------------------------------------------------- servers
sphinx_conf="" sphinx_started=0
stop_sphinx() {
  if [ $sphinx_started -eq 1 ]; then
    log "stopping searchd"
    searchd --config "$sphinx_conf" --stopwait >>"$ev/logs/searchd.out" 2>&1 || true
    sphinx_started=0
  fi
}
trap 'stop_sphinx; pg_stop' EXIT
trap 'exit 130' INT TERM

pg_args=()
if [ $vigie_only -eq 0 ]; then
  pg_use "$ev/pg" "${VIGIE_BENCH_PGPORT:-54329}"
  if [ ${#reload[@]} -gt 0 ]; then pg_create --reset; else pg_create; fi
  pg_start
  pg_args=(--pg-host "$pgsock" --pg-port "$pgport")

  sphinx_conf=$(evalpy sphinx-index "${common[@]}") || die "cannot build the Sphinx indexes"
  # A searchd left by an interrupted run of this script holds the port.
  if [ -s "$ev/sphinx/searchd.pid" ] && kill -0 "$(cat "$ev/sphinx/searchd.pid")" 2>/dev/null; then
    log "stopping the searchd of an earlier run"
    searchd --config "$sphinx_conf" --stopwait >>"$ev/logs/searchd.out" 2>&1 || true
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$sphinx_port") 2>/dev/null; then
    die "127.0.0.1:$sphinx_port is taken by another program; set VIGIE_EVAL_SPHINX_PORT"
  fi
  searchd --config "$sphinx_conf" >"$ev/logs/searchd.out" 2>&1 ||
    die "searchd did not start; see $ev/logs/searchd.out and $ev/sphinx/searchd.log"
  sphinx_started=1
  log "searchd listening on 127.0.0.1:$sphinx_port (SphinxQL)"
fi

# ---------------------------------------------------------------- measure
command="bench/eval/run.sh"
[ $vigie_only -eq 0 ] || command+=" --vigie-only"
[ $save -eq 0 ] || command+=" --save"
[ ${#reload[@]} -eq 0 ] || command+=" --reload"
[ -z "${VIGIE_EVAL_ARGS:-}" ] || command="VIGIE_EVAL_ARGS='$VIGIE_EVAL_ARGS' $command"
run_args=(--vigie-index "$vigie_index" --vigie-search "$vigie_search" --vigie-args "${VIGIE_EVAL_ARGS:-}"
          --command "$command" --build "$built" --elapsed-before "$(( $(date +%s) - t_start ))")
[ $vigie_only -eq 0 ] || run_args+=(--vigie-only)
[ $save -eq 0 ] || run_args+=(--save-to "$repo/bench/results/piaf-eval-$(date +%F).md")
evalpy run "${common[@]}" "${pg_args[@]}" "${run_args[@]}"
log "done in $(( $(date +%s) - t_start )) s"
