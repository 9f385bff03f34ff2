#!/usr/bin/env bash
# Prints what the last test run measured, for docs/reliability.md: the kill
# loop, the faults injected, the hostile inputs tried, the fuzz runs.
set -euo pipefail
cd "$(dirname "$0")/.."
f=build/figures
echo "== figures of the last run"
[ -f $f/kill-loop.txt ] && echo "kill loop: $(cat $f/kill-loop.txt)"
[ -f $f/faults.txt ] && { echo "faults injected: $(wc -l <$f/faults.txt)"; sed 's/^/  /' $f/faults.txt; }
if [ -f $f/hostile-inputs.txt ]; then
  echo "hostile inputs tried: $(wc -l <$f/hostile-inputs.txt), worst peak memory: $(awk -F'\t' '{split($4, a, " "); if (a[2] > m) m = a[2]} END {print m}' $f/hostile-inputs.txt) MB"
  cut -f1,3,4 $f/hostile-inputs.txt | sed 's/^/  /'
fi
[ -f $f/hostile-queries.txt ] && echo "hostile queries tried: $(grep -c . $f/hostile-queries.txt)"
[ -f build-fuzz/figures/fuzz.txt ] && { echo "fuzzing:"; sed 's/^/  /' build-fuzz/figures/fuzz.txt; }
exit 0
