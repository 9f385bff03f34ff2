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
