#!/usr/bin/env bash
# Installs what is missing, builds Vigie, indexes samples/ and shows a few
# searches: the main job, on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DVIGIE_BUILD_TESTS=OFF -DVIGIE_BUILD_BENCH=OFF >/dev/null
cmake --build build-release -j"$(nproc)"

db=build-release/samples.db
rm -rf "$db"
echo "== vigie-index --db $db samples/"
build-release/indexer/vigie-index --db "$db" samples/ || [ $? -eq 1 ]

search() {
  echo
  echo "== vigie-search $*"
  build-release/searcher/vigie-search --db "$db" "$@" || true
}
search --limit 3 "l'alliance militaire"
search --limit 3 hopitaux --since 2020-03 --until 2020-12
search --limit 2 CVE-2021-44228
search --limit 3 cyberattaques --sort newest
search --limit 2 --format json "vigilance orange" date:2019..2020
# The analyst's views: a timeline, facets, similar and republished
# communiqués, one communiqué whole.
search --timeline year --limit 0 cyberattaques
search --facet cve --facet year --facet-limit 5 --limit 0 vulnérabilités
search --like certfr-alerte-exchange-2021-03-03 --limit 2
search --limit 2 crues Pas-de-Calais
search --show certa-avis-messagerie-2008-01-03

# The local web page: vigie-serve on a free port for a few seconds, and one
# answer of its API (the JSON of vigie-search --format json).
echo
echo "== vigie-serve --db $db --listen 127.0.0.1:0   (for a few seconds)"
serve_out=$(mktemp)
build-release/serve/vigie-serve --db "$db" --listen 127.0.0.1:0 >"$serve_out" &
serve_pid=$!
for _ in $(seq 50); do grep -q "listening on" "$serve_out" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$serve_out")
echo "open $url in a browser (run it yourself with: build-release/serve/vigie-serve --db $db)"
echo "== GET ${url}api/search?q=canicule&limit=1"
python3 - "${url}api/search?q=canicule&limit=1" <<'PY'
import json, sys, urllib.request
answer = json.load(urllib.request.urlopen(sys.argv[1], timeout=10))
print(json.dumps({k: answer[k] for k in ("query", "total", "total_exact")}, ensure_ascii=False))
for hit in answer["hits"]:
    print(hit["date"], hit["id"], hit["title"])
PY
sleep 2
kill -TERM "$serve_pid"
wait "$serve_pid" && echo "== vigie-serve stopped"
rm -f "$serve_out"

# The README's Python script, over the same index (the vigie module from
# the build tree; `cmake --install` puts it where python3 finds it).
echo
echo "== python3 cves.py $db vulnérabilité   (the README's Python script)"
python=/usr/bin/python3
[ -x "$python" ] || python=python3
sed -n '/^```python$/,/^```$/p' README.md | sed '1d;$d' >build-release/cves.py
PYTHONPATH=build-release/python "$python" build-release/cves.py "$db" vulnérabilité || true
