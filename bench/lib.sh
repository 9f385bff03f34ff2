# Shared shell functions for the benchmark scripts (sourced, not run).
# Sets: bench_dir repo shared cache build_dir; defines log/die/ensure_* helpers
# and the private PostgreSQL cluster (pg_*).

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$bench_dir" rev-parse --show-toplevel 2>/dev/null || (cd "$bench_dir/.." && pwd))
shared=${VIGIE_SHARED_DIR:-$repo/../shared}
cache=${VIGIE_BENCH_DIR:-/tmp/vigie-bench}
build_dir=${VIGIE_BUILD_DIR:-$repo/build-release}
script_name=$(basename "$0" .sh)
export PYTHONDONTWRITEBYTECODE=1
# Debian's python3 (its python3-psycopg2 and FTS5-enabled sqlite3), not a
# pyenv shim that may come first in PATH.
if [ -n "${VIGIE_BENCH_PYTHON:-}" ]; then py=$VIGIE_BENCH_PYTHON
elif [ -x /usr/bin/python3 ]; then py=/usr/bin/python3
else py=python3; fi

log() { echo "$script_name: $*" >&2; }
die() { echo "$script_name: error: $*" >&2; exit 2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_package CMD PACKAGE: install PACKAGE with apt-get when CMD is missing.
ensure_package() {
  local cmd=$1 pkg=$2
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then
    log "installing Debian package $pkg (for $cmd)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
      || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
             apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; } \
      || return 1
  fi
}

# find_binary NAME: print the path of an executable NAME under $build_dir.
find_binary() {
  local name=$1
  if [ -x "$build_dir/$name" ] && [ -f "$build_dir/$name" ]; then
    echo "$build_dir/$name"; return 0
  fi
  [ -d "$build_dir" ] || return 1
  find "$build_dir" -type f -name "$name" -perm -u+x -print 2>/dev/null | head -n 1 | grep . || return 1
}

# build_project [CMAKE_ARG...]: configure and build the project in Release
# mode into $build_dir (incremental), with the extra cmake arguments given.
# Failing is not fatal here: callers check for the binaries they need, or
# read build_failed (1 when the build failed).
build_failed=0
build_project() {
  [ -n "${VIGIE_BENCH_NO_BUILD:-}" ] && return 0
  if [ -f "$repo/CMakeLists.txt" ]; then
    log "building Vigie (Release) in $build_dir"
    if ! { cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >"$cache/build.log" 2>&1 &&
           cmake --build "$build_dir" -j"$(nproc)" >>"$cache/build.log" 2>&1; }; then
      log "warning: the Release build failed; see $cache/build.log"
      build_failed=1
    fi
  else
    log "warning: no top-level CMakeLists.txt in $repo yet"
  fi
}

# minimal_indexer_bin: path of bench-minimal-indexer; builds bench/ on its own
# (into $cache/build-bench) when the project build does not have it.
minimal_indexer_bin() {
  local b
  if b=$(find_binary bench-minimal-indexer); then echo "$b"; return 0; fi
  local sb="$cache/build-bench"
  log "building bench-minimal-indexer on its own in $sb"
  cmake -S "$bench_dir" -B "$sb" -DCMAKE_BUILD_TYPE=Release >"$cache/build-bench.log" 2>&1 &&
    cmake --build "$sb" -j"$(nproc)" >>"$cache/build-bench.log" 2>&1 ||
    die "cannot build bench-minimal-indexer; see $cache/build-bench.log"
  echo "$sb/bench-minimal-indexer"
}

# corpus_dir NAME: the seed .txt directory of a corpus (prepared on demand).
corpus_dir() {
  local c=$1
  if [ ! -f "$cache/corpora/$c/.complete" ]; then
    VIGIE_BENCH_DIR=$cache VIGIE_SHARED_DIR=$shared "$bench_dir/prepare-corpora.sh" "$c" >&2 || return 1
  fi
  echo "$cache/corpora/$c"
}

# corpus_jsonl NAME: the JSON Lines folder of a corpus (tv-news-fr,
# certfr-avis or gen-N), prepared on demand.
corpus_jsonl() {
  local c=$1
  if [ ! -f "$cache/jsonl/$c/.complete" ]; then
    VIGIE_BENCH_DIR=$cache VIGIE_SHARED_DIR=$shared "$bench_dir/prepare-corpora.sh" "$c" >&2 || return 1
  fi
  echo "$cache/jsonl/$c"
}

# corpus_bytes DIR: total size of the .txt files.
corpus_bytes() {
  find "$1" -type f -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}'
}

# warm_cache DIR: read the corpus once so every tool starts with warm page cache.
warm_cache() {
  find "$1" -type f \( -name '*.txt' -o -name '*.jsonl' \) -print0 | xargs -0 cat >/dev/null
}

# ---------------------------------------------------------------- PostgreSQL
# A private cluster, unix socket only, run as the postgres user when we are
# root (root cannot run the server). pg_use ROOT PORT sets pgroot, pgdata,
# pgsock, pgport and pgbin; pg_create (re)creates the cluster when it is
# missing or when asked; pg_start starts it unless it already runs, and
# pg_stop stops it only if pg_start started it (call it from a trap).
pg_started=0
pg_use() {
  pgroot=$1 pgport=$2
  pgdata="$pgroot/data"
  pgsock="$pgroot/sock"
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -x "$pgbin/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql postgresql-contrib)"
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_create [--reset]: initdb into $pgdata when it has no cluster (or always
# with --reset), with the benchmark settings.
pg_create() {
  [ "${1:-}" = --reset ] || [ ! -f "$pgdata/PG_VERSION" ] || return 0
  log "creating a private PostgreSQL cluster in $pgdata (port $pgport, socket in $pgsock)"
  if [ -f "$pgdata/postmaster.pid" ]; then as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$pgroot"
  mkdir -p "$pgdata" "$pgsock"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$pgroot"
    as_pg test -w "$pgdata" ||
      die "the postgres user cannot reach $pgdata (a parent directory is not traversable); set VIGIE_BENCH_DIR elsewhere"
  fi
  as_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$cache/logs/initdb.log" 2>&1 ||
    die "initdb failed; see $cache/logs/initdb.log"
  cat >>"$pgdata/postgresql.conf" <<EOF
# vigie bench: private cluster, unix socket only
listen_addresses = ''
port = $pgport
unix_socket_directories = '$pgsock'
shared_buffers = 2GB
effective_cache_size = 12GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 4GB
jit = off
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

pg_start() {
  if as_pg "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    log "PostgreSQL cluster already running"
  else
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgroot/server.log" -w start >/dev/null ||
      die "PostgreSQL did not start; see $pgroot/server.log"
    pg_started=1
  fi
}

pg_stop() {
  if [ $pg_started -eq 1 ]; then
    log "stopping the PostgreSQL cluster"
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
    pg_started=0
  fi
}

# ---------------------------------------------------------------- Sphinx
# A private searchd on 127.0.0.1:PORT (SphinxQL), its files beside the index.
# sphinx_start CONF PORT starts it and waits until it answers; sphinx_stop
# stops it only if sphinx_start started it (call it from a trap).
sphinx_conf_started=""
sphinx_start() {
  local conf=$1 port=$2
  if "$py" -c 'import socket,sys; s=socket.socket(); s.settimeout(0.5); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$port"; then
    die "127.0.0.1:$port is already in use; set VIGIE_BENCH_SPHINX_PORT to a free port"
  fi
  searchd --config "$conf" >"$(dirname "$conf")/searchd.out" 2>&1 ||
    die "searchd did not start; see $(dirname "$conf")/searchd.out"
  sphinx_conf_started=$conf
  local i
  for i in $(seq 50); do
    "$py" -c 'import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$port" && return 0
    sleep 0.1
  done
  die "searchd does not answer on 127.0.0.1:$port; see $(dirname "$conf")/searchd.log"
}

sphinx_stop() {
  if [ -n "$sphinx_conf_started" ]; then
    log "stopping searchd"
    searchd --config "$sphinx_conf_started" --stopwait >/dev/null 2>&1 || true
    sphinx_conf_started=""
  fi
}
