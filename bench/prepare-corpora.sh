#!/usr/bin/env bash
# Prepares the benchmark corpora in the cache directory, once each:
#   tv-news-fr, certfr-avis: the shared converters write seed-format .txt
#     files (one communiqué per file, starting with " date YYYY-MM-DD ") into
#     corpora/<corpus>/, then the same documents as one JSON Lines file in
#     jsonl/<corpus>/<corpus>.jsonl (id = path of the .txt file);
#   gen-N (gen-20k, gen-100k, gen-1m, ...): N generated communiqués
#     (bench/gen_corpus.py, fixed seed) in jsonl/gen-N/part-NNN.jsonl.
# A .complete marker records a finished step; what is there is reused.
#
# Usage: bench/prepare-corpora.sh [CORPUS...]   (default: tv-news-fr certfr-avis)
# Env:   VIGIE_BENCH_DIR   cache directory (default /tmp/vigie-bench)
#        VIGIE_SHARED_DIR  shared material (default <repo>/../shared)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/.." && pwd))
shared=${VIGIE_SHARED_DIR:-$repo/../shared}
cache=${VIGIE_BENCH_DIR:-/tmp/vigie-bench}
py=${VIGIE_BENCH_PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

die() { echo "prepare-corpora: error: $*" >&2; exit 2; }
log() { echo "prepare-corpora: $*" >&2; }

[ -d "$shared/corpora" ] || die "shared corpora not found at $shared/corpora (set VIGIE_SHARED_DIR)"
[ -n "$py" ] || die "python3 is required"

# gen_count NAME: the document count of gen-20k, gen-1m, gen-5000 (else empty).
gen_count() {
  [[ $1 =~ ^gen-([0-9]+)([km]?)$ ]] || return 0
  local n=${BASH_REMATCH[1]}
  case ${BASH_REMATCH[2]} in k) n=$((n * 1000)) ;; m) n=$((n * 1000000)) ;; esac
  echo "$n"
}

seed_corpus() {
  local c=$1 conv="$shared/corpora/$1/to_seed_format.py" out="$cache/corpora/$1"
  [ -f "$conv" ] || die "no converter for corpus '$c' ($conv)"
  if [ -f "$out/.complete" ]; then
    log "$c already in $out ($(cat "$out/.complete"))"
    return 0
  fi
  log "converting $c into $out ..."
  rm -rf "$out.tmp"
  mkdir -p "$out.tmp"
  local start n bytes
  start=$(date +%s)
  "$py" "$conv" "$out.tmp" >&2
  n=$(find "$out.tmp" -type f -name '*.txt' | wc -l)
  bytes=$(find "$out.tmp" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  [ "$n" -gt 0 ] || die "converter wrote no .txt file for $c"
  rm -rf "$out"
  mv "$out.tmp" "$out"
  echo "$n documents, $bytes bytes" >"$out/.complete"
  log "$c: $n documents, $bytes bytes in $(($(date +%s) - start)) s"
}

jsonl_corpus() {
  local c=$1 out="$cache/jsonl/$1" n
  if [ -f "$out/.complete" ]; then
    log "$c already in $out ($(cat "$out/.complete"))"
    return 0
  fi
  rm -rf "$out" "$out.tmp"
  mkdir -p "$cache/jsonl"
  n=$(gen_count "$c")
  if [ -n "$n" ]; then
    log "generating $c ($n documents) into $out ..."
    "$py" "$here/gen_corpus.py" "$out.tmp" --count "$n" --shared "$shared" >"$out.summary" ||
      die "gen_corpus.py failed for $c"
    mv "$out.tmp" "$out"
    mv "$out.summary" "$out/.complete"
  else
    seed_corpus "$c"
    log "writing $c as JSON Lines into $out ..."
    mkdir -p "$out.tmp"
    "$py" "$here/bench.py" prepare-jsonl "$cache/corpora/$c" "$out.tmp/$c.jsonl" >"$out.summary"
    mv "$out.tmp" "$out"
    mv "$out.summary" "$out/.complete"
  fi
  log "$c: $(cat "$out/.complete")"
}

corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(tv-news-fr certfr-avis)
for c in "${corpora[@]}"; do
  case $c in
    tv-news-fr | certfr-avis) jsonl_corpus "$c" ;;
    gen-*) [ -n "$(gen_count "$c")" ] || die "bad generated corpus name '$c' (gen-N, gen-Nk or gen-Nm)"
      jsonl_corpus "$c" ;;
    *) die "unknown corpus '$c' (tv-news-fr, certfr-avis, gen-N such as gen-20k, gen-1m)" ;;
  esac
done
