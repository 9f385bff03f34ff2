"""The peers of bench/run.sh: PostgreSQL 15, SQLite FTS5 and Sphinx 2.2.

Each engine class gives what bench.py needs to measure it:
  prepare()        untimed clean-up before a build (old files, database)
  build_argv(dir)  the command that builds the index from the JSON Lines
                   corpus in dir (run and measured as one process)
  server_pid()     the server whose processes are sampled during the build
  built(record)    adds the index size and what the loader printed
  session(snip)    one connection, answering query(q, since, until) with the
                   number of hits (top 10, with snippets when snip)
  cold_argv(q)     one whole client process answering one query
All of them index the title and the body, return id, date, title and a
snippet of the body, and AND the words of a query.
"""
import io
import json
import os
import re
import sqlite3
import sys
import time
import types
import unicodedata

from corpus import read_docs

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 10


def _day(date):
    """YYYY-MM-DD of a record's date (a month date takes its first day)."""
    if not date:
        return None
    return date + "-01" if len(date) == 7 else date[:10]


# --------------------------------------------------------------------------
# PostgreSQL: french + unaccent, GIN, ts_rank_cd, ts_headline

PG_SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION fr
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TABLE docs (
  id    text PRIMARY KEY,
  date  date,
  title text NOT NULL,
  body  text NOT NULL,
  tsv   tsvector GENERATED ALWAYS AS (to_tsvector('fr', title || ' ' || body)) STORED
);
"""
PG_INDEX = """
CREATE INDEX docs_tsv_gin ON docs USING gin (tsv);
CREATE INDEX docs_date ON docs (date);
"""
PG_QUERY = """
SELECT id, date, title{snippet}, rank
FROM (
  SELECT id, date, title, body, q, ts_rank_cd(tsv, q) AS rank
  FROM docs, websearch_to_tsquery('fr', %(q)s) AS q
  WHERE tsv @@ q {date_filter}
  ORDER BY rank DESC
  LIMIT {limit}
) AS top
ORDER BY rank DESC
"""
PG_SNIPPET = ", ts_headline('fr', body, q) AS snippet"
PG_DATES = "AND date BETWEEN %(since)s AND %(until)s"


def pg_sql(snippets, dates):
    return PG_QUERY.format(snippet=PG_SNIPPET if snippets else "", date_filter=PG_DATES if dates else "", limit=LIMIT)


def pg_connect(args):
    """A connection to the server at args.host (a socket folder), args.port,
    args.dbname, as args.user; also used by bench/eval/engines/postgres.py."""
    import psycopg2  # Debian: python3-psycopg2
    return psycopg2.connect(host=args.host, port=args.port, dbname=args.dbname, user=args.user)


def pg_escape_copy(s):
    """A value for COPY's text format."""
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def pg_load(host, port, dbname, corpus_dir):
    """The measured loader: COPY, GIN and date indexes, VACUUM ANALYZE, and a
    CHECKPOINT so that the server has written what it built (its shared
    buffers would otherwise keep part of it unwritten past the build)."""
    conn = pg_connect(types.SimpleNamespace(host=host, port=port, dbname=dbname, user="postgres"))
    conn.autocommit = True
    cur = conn.cursor()
    t0 = time.perf_counter()
    cur.execute(PG_SETUP)
    buf = io.StringIO()
    n = 0
    for doc_id, date, title, body in read_docs(corpus_dir):
        buf.write("%s\t%s\t%s\t%s\n" % (pg_escape_copy(doc_id), _day(date) or "\\N", pg_escape_copy(title), pg_escape_copy(body)))
        n += 1
        if n % 5000 == 0:
            buf.seek(0)
            cur.copy_expert("COPY docs (id, date, title, body) FROM STDIN", buf)
            buf = io.StringIO()
    buf.seek(0)
    cur.copy_expert("COPY docs (id, date, title, body) FROM STDIN", buf)
    t_copy = time.perf_counter() - t0
    cur.execute(PG_INDEX)
    t_index = time.perf_counter() - t0 - t_copy
    cur.execute("VACUUM ANALYZE docs")
    cur.execute("CHECKPOINT")
    cur.execute("SELECT pg_total_relation_size('docs'), pg_database_size(current_database()), count(*) FROM docs")
    size, dbsize, count = cur.fetchone()
    cur.execute("SHOW server_version")
    version = cur.fetchone()[0]
    conn.close()
    print(json.dumps({"documents_indexed": count, "copy_seconds": round(t_copy, 2), "index_seconds": round(t_index, 2),
                      "size_bytes": size, "database_bytes": dbsize, "version": "PostgreSQL " + version}))


class PostgreSQL:
    name, label = "postgresql", "PostgreSQL"

    def __init__(self, args):
        self.host, self.port, self.dbname = args.pg_host, args.pg_port, args.pg_db
        self.pidfile = args.pg_pidfile

    def _connect(self, dbname):
        conn = pg_connect(types.SimpleNamespace(host=self.host, port=self.port, dbname=dbname, user="postgres"))
        conn.autocommit = True
        return conn

    def prepare(self):
        conn = self._connect("postgres")
        cur = conn.cursor()
        cur.execute("DROP DATABASE IF EXISTS %s" % self.dbname)
        cur.execute("CREATE DATABASE %s" % self.dbname)
        conn.close()

    def build_argv(self, corpus_dir):
        return [sys.executable, os.path.join(HERE, "bench.py"), "load-pg", "--pg-host", self.host,
                "--pg-port", str(self.port), "--pg-db", self.dbname, corpus_dir]

    def server_pid(self):
        with open(self.pidfile) as fh:
            return int(fh.readline())

    def built(self, record, loader_out):
        record.update(json.loads(loader_out.strip().splitlines()[-1]))

    def session(self, snippets):
        return PgSession(self._connect(self.dbname), snippets)

    def cold_argv(self, q):
        sql = pg_sql(True, False).replace("%(q)s", "'%s'" % q.replace("'", "''"))
        return ["psql", "-X", "-q", "-A", "-t", "-h", self.host, "-p", str(self.port), "-U", "postgres",
                "-d", self.dbname, "-c", sql]


class PgSession:
    def __init__(self, conn, snippets):
        self.conn, self.cur = conn, conn.cursor()
        self.sql = {False: pg_sql(snippets, False), True: pg_sql(snippets, True)}

    def query(self, q, since=None, until=None):
        self.cur.execute(self.sql[bool(since)], {"q": q, "since": since, "until": until})
        return len(self.cur.fetchall())

    def close(self):
        self.conn.close()


# --------------------------------------------------------------------------
# SQLite FTS5: unicode61 remove_diacritics 2, bm25, snippet()

SQLITE_SETUP = """
CREATE VIRTUAL TABLE docs USING fts5(
  id UNINDEXED, date UNINDEXED, title, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
"""
SQLITE_QUERY = """
SELECT id, date, title{snippet} FROM docs
WHERE docs MATCH ? {date_filter}
ORDER BY bm25(docs) LIMIT {limit}
"""
SQLITE_SNIPPET = ", snippet(docs, 3, '[', ']', '…', 16)"


def sqlite_sql(snippets, dates):
    return SQLITE_QUERY.format(snippet=SQLITE_SNIPPET if snippets else "",
                               date_filter="AND date BETWEEN ? AND ?" if dates else "", limit=LIMIT)


def fts5_query(q):
    """The words of the query, each quoted, ANDed (no French stemmer in FTS5)."""
    return " AND ".join('"%s"' % w.replace('"', '""') for w in q.split())


def sqlite_load(db, corpus_dir):
    """The measured loader: inserts in batches, then FTS5's 'optimize'."""
    conn = sqlite3.connect(db)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SQLITE_SETUP)
    insert = "INSERT INTO docs (id, date, title, body) VALUES (?, ?, ?, ?)"
    batch, n = [], 0
    for doc_id, date, title, body in read_docs(corpus_dir):
        batch.append((doc_id, _day(date), title, body))
        n += 1
        if len(batch) == 5000:
            conn.executemany(insert, batch)
            batch = []
    conn.executemany(insert, batch)
    conn.commit()
    conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    conn.commit()
    conn.close()
    print(json.dumps({"documents_indexed": n, "size_bytes": os.path.getsize(db),
                      "version": "SQLite " + sqlite3.sqlite_version}))


class SQLite:
    name, label = "sqlite", "SQLite FTS5"

    def __init__(self, args):
        self.db = args.db

    def prepare(self):
        if os.path.exists(self.db):
            os.remove(self.db)
        os.makedirs(os.path.dirname(self.db), exist_ok=True)

    def build_argv(self, corpus_dir):
        return [sys.executable, os.path.join(HERE, "bench.py"), "load-sqlite", "--db", self.db, corpus_dir]

    def server_pid(self):
        return None

    def built(self, record, loader_out):
        record.update(json.loads(loader_out.strip().splitlines()[-1]))

    def session(self, snippets):
        return SqliteSession(self.db, snippets)

    def cold_argv(self, q):
        sql = sqlite_sql(True, False).replace("?", "'%s'" % fts5_query(q).replace("'", "''"), 1)
        return ["sqlite3", "-readonly", self.db, sql.replace("\n", " ") + ";"]


class SqliteSession:
    def __init__(self, db, snippets):
        self.conn = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        self.conn.execute("PRAGMA mmap_size=4294967296")
        self.conn.execute("PRAGMA cache_size=-262144")  # 256 MiB
        self.sql = {False: sqlite_sql(snippets, False), True: sqlite_sql(snippets, True)}

    def query(self, q, since=None, until=None):
        params = (fts5_query(q), since, until) if since else (fts5_query(q),)
        return len(self.conn.execute(self.sql[bool(since)], params).fetchall())

    def close(self):
        self.conn.close()


# --------------------------------------------------------------------------
# Sphinx 2.2: libstemmer_fr, accents folded by the charset table, SphinxQL

def charset_table():
    """Digits, a-z, and every letter of Latin-1 and Latin Extended-A folded to
    its lower-case base letter (É -> e, ç -> c); œ and æ stay letters of
    their own (a charset table maps one character to one)."""
    entries = ["0..9", "a..z", "A..Z->a..z"]
    for cp in range(0xC0, 0x180):
        c = chr(cp)
        if not c.isalpha():
            continue
        low = c.lower() if len(c.lower()) == 1 else c
        base = unicodedata.normalize("NFD", low)[0]
        to = base if "a" <= base <= "z" else low
        entries.append("U+%X->U+%X" % (cp, ord(to)))
    return ", \\\n    ".join(", ".join(entries[i:i + 8]) for i in range(0, len(entries), 8))


SPHINX_CONF = """# Written by bench/bench.py sphinx-conf; a private searchd of bench/run.sh.
source {name}
{{
    type = tsvpipe
    tsvpipe_command = {python} {bench} sphinx-tsv {corpus}
    tsvpipe_attr_string = docid
    tsvpipe_field_string = title
    tsvpipe_field_string = body
    tsvpipe_attr_uint = day
}}
index {name}
{{
    source = {name}
    path = {path}
    morphology = libstemmer_fr
    charset_table = {charset}
}}
indexer
{{
    mem_limit = 512M
}}
searchd
{{
    listen = 127.0.0.1:{port}:mysql41
    log = {dir}/searchd.log
    query_log = {dir}/query.log
    pid_file = {dir}/searchd.pid
    binlog_path =
}}
"""


def sphinx_conf(conf, corpus_dir, index_dir, port):
    os.makedirs(index_dir, exist_ok=True)
    with open(conf, "w") as fh:
        fh.write(SPHINX_CONF.format(name="docs", python=sys.executable, bench=os.path.join(HERE, "bench.py"),
                                    corpus=corpus_dir, path=os.path.join(index_dir, "docs"), charset=charset_table(),
                                    port=port, dir=index_dir))


def sphinx_tsv(corpus_dir, out=sys.stdout):
    """The corpus as Sphinx's tsvpipe reads it: numeric id, id, title, body,
    YYYYMMDD; tsvpipe has no escapes, so tabs and newlines become spaces."""
    clean = str.maketrans("\t\n\r", "   ")
    for n, (doc_id, date, title, body) in enumerate(read_docs(corpus_dir), 1):
        day = (_day(date) or "0").replace("-", "")
        out.write("%d\t%s\t%s\t%s\t%s\n" % (n, doc_id.translate(clean), title.translate(clean), body.translate(clean), day))


def sphinx_match(q):
    """The words of the query, ANDed (Sphinx's default), operators left out."""
    return " ".join(re.findall(r"\w+", q))


# SNIPPET() in the select list (Sphinx 2.2 has it; QUERY() it has not): the
# body is kept as a string attribute, so the index holds the text as the
# other engines do.
SPHINX_QUERY = "SELECT docid, day, title{snippet} FROM docs WHERE MATCH(%s){dates} LIMIT " + str(LIMIT)
SPHINX_SNIPPET = ", SNIPPET(body, %s, 'limit=200', 'before_match=[', 'after_match=]')"


def sphinx_sql(snippets, dates):
    return SPHINX_QUERY.format(snippet=SPHINX_SNIPPET if snippets else "",
                               dates=" AND day BETWEEN %s AND %s" if dates else "")


class Sphinx:
    name, label = "sphinx", "Sphinx"

    def __init__(self, args):
        self.conf, self.port, self.index_dir = args.sphinx_conf, args.sphinx_port, args.db

    def prepare(self):
        if os.path.isdir(self.index_dir):
            for f in os.listdir(self.index_dir):
                if f.startswith("docs."):
                    os.remove(os.path.join(self.index_dir, f))

    def build_argv(self, corpus_dir):
        sphinx_conf(self.conf, corpus_dir, self.index_dir, self.port)
        return ["indexer", "--config", self.conf, "--all"]

    def server_pid(self):
        return None  # indexer builds alone; searchd starts afterwards

    def built(self, record, loader_out):
        m = re.search(r"total (\d+) docs", loader_out)
        record["documents_indexed"] = int(m.group(1)) if m else None
        record["size_bytes"] = sum(os.path.getsize(os.path.join(self.index_dir, f))
                                   for f in os.listdir(self.index_dir) if f.startswith("docs."))
        first = loader_out.splitlines()[0] if loader_out else ""
        record["version"] = first.strip()

    def _connect(self):
        try:
            import MySQLdb as client  # Debian: python3-mysqldb (C, lower overhead)
        except ImportError:
            import pymysql as client  # Debian: python3-pymysql
        return client.connect(host="127.0.0.1", port=self.port, charset="utf8mb4", autocommit=True)

    def session(self, snippets):
        return SphinxSession(self._connect(), snippets)

    def cold_argv(self, q):
        m = sphinx_match(q)
        sql = sphinx_sql(True, False).replace("%s", "'%s'" % m)
        return ["mariadb", "-h", "127.0.0.1", "-P", str(self.port), "-N", "-B", "-e", sql]


class SphinxSession:
    def __init__(self, conn, snippets):
        self.conn, self.cur, self.snippets = conn, conn.cursor(), snippets
        self.sql = {False: sphinx_sql(snippets, False), True: sphinx_sql(snippets, True)}

    def query(self, q, since=None, until=None):
        m = sphinx_match(q)
        params = [m, m] if self.snippets else [m]
        if since:
            params += [int(since.replace("-", "")), int(until.replace("-", ""))]
        self.cur.execute(self.sql[bool(since)], params)
        return len(self.cur.fetchall())

    def close(self):
        self.conn.close()
