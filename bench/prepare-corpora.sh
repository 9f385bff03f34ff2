#!/usr/bin/env bash
# Converts the shared corpora (tv-news-fr, certfr-avis) into seed-format .txt
# files (one communiqué per file, starting with " date YYYY-MM-DD ") in the
# benchmark cache directory, unless they are already there.
#
# Usage: bench/prepare-corpora.sh [CORPUS...]      (default: tv-news-fr certfr-avis)
# Env:   VIGIE_BENCH_DIR   cache directory (default /tmp/vigie-bench)
#        VIGIE_SHARED_DIR  shared material (default <repo>/../shared)
# Output: $VIGIE_BENCH_DIR/corpora/<corpus>/ (*.txt + manifest.tsv); a
#         .complete marker records that the conversion finished.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/.." && pwd))
shared=${VIGIE_SHARED_DIR:-$repo/../shared}
cache=${VIGIE_BENCH_DIR:-/tmp/vigie-bench}

die() { echo "prepare-corpora: error: $*" >&2; exit 2; }

[ -d "$shared/corpora" ] || die "shared corpora not found at $shared/corpora (set VIGIE_SHARED_DIR)"
command -v python3 >/dev/null || die "python3 is required"

corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(tv-news-fr certfr-avis)

for c in "${corpora[@]}"; do
  conv="$shared/corpora/$c/to_seed_format.py"
  [ -f "$conv" ] || die "no converter for corpus '$c' ($conv)"
  out="$cache/corpora/$c"
  if [ -f "$out/.complete" ]; then
    echo "prepare-corpora: $c already in $out ($(cat "$out/.complete"))" >&2
    continue
  fi
  echo "prepare-corpora: converting $c into $out ..." >&2
  rm -rf "$out.tmp"
  mkdir -p "$out.tmp"
  start=$(date +%s)
  python3 "$conv" "$out.tmp" >&2
  n=$(find "$out.tmp" -type f -name '*.txt' | wc -l)
  bytes=$(find "$out.tmp" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  [ "$n" -gt 0 ] || die "converter wrote no .txt file for $c"
  rm -rf "$out"
  mv "$out.tmp" "$out"
  echo "$n documents, $bytes bytes" > "$out/.complete"
  echo "prepare-corpora: $c: $n documents, $bytes bytes in $(( $(date +%s) - start )) s" >&2
done
