#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages Vigie builds and tests with;
# --bench adds the peers of bench/*.sh, --eval those of bench/eval/run.sh.
# Packages already present are left alone, so a ready machine pays nothing.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libxapian-dev xapian-tools
  libcli11-dev libfmt-dev catch2
  libutf8proc-dev nlohmann-json3-dev libzstd-dev libjemalloc-dev
  python3 xz-utils
  # The Python module (pybind11 for Debian's python3), vigie-serve
  # (cpp-httplib) and the browser test of its page (headless Chromium).
  pybind11-dev python3-dev libcpp-httplib-dev chromium
  # Man pages checked (groff, mandoc), shell completions tried (bash, zsh),
  # the Debian package built (cpack -G DEB: dpkg-shlibdeps, file).
  groff-base man-db mandoc bash bash-completion zsh dpkg-dev file
)
case "${1:-}" in
  --bench)
    # Peers measured by bench/run.sh: PostgreSQL (psycopg2), SQLite FTS5,
    # Sphinx over SphinxQL (MySQLdb; the mariadb client for one-shot searches).
    packages+=(postgresql postgresql-contrib sqlite3 libsqlite3-dev time
               sphinxsearch python3-psycopg2 python3-mysqldb mariadb-client-core) ;;
  --eval)
    # Peers of the ranking evaluation in bench/eval/ (Sphinx is queried
    # over SphinxQL with pymysql, PostgreSQL with psycopg2).
    packages+=(postgresql postgresql-contrib sqlite3 sphinxsearch python3-psycopg2 python3-pymysql) ;;
  "") ;;
  *) echo "install-deps: unknown option $1 (use --bench or --eval)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
