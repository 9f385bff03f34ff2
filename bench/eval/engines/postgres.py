"""PostgreSQL 15 full-text search, in the private cluster run.sh starts.

Two text search configurations: `french` as shipped, and `french_unaccent`
(unaccent before french_stem, as in bench/peers.py). The passages are
copied into one table, then each configuration and variant gets a table
of (id, tsvector) with a GIN index: with titles, the title weighted A and
the text B; without, the text alone (B). A
question becomes the OR (`|`) of the distinct lexemes that to_tsvector
gives it under the same configuration, so stopwords go as in the
documents. Rankers: ts_rank and ts_rank_cd with PostgreSQL's default
weights {0.1, 0.2, 0.4, 1.0}, each also with normalisation flag 1 (rank
divided by 1 + log of the document's length in words)."""
import io
import os
import sys
import time
import types

from piaf_corpus import fingerprint, read_stamp, source_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import peers  # noqa: E402  (bench/peers.py: pg_connect, pg_escape_copy)

CONFIGS = {"french": "french", "french+unaccent": "french_unaccent"}
RANKERS = {
    "ts_rank": "ts_rank(tsv, q)",
    "ts_rank, normalised by length (flag 1)": "ts_rank(tsv, q, 1)",
    "ts_rank_cd": "ts_rank_cd(tsv, q)",
    "ts_rank_cd, normalised by length (flag 1)": "ts_rank_cd(tsv, q, 1)",
}


def tsv(config, with_titles):
    body = "setweight(to_tsvector('%s', body), 'B')" % config
    return ("setweight(to_tsvector('%s', title), 'A') || %s" % (config, body)) if with_titles else body


def table(config, variant):
    return "piaf_%s_%s" % (config, variant.key)


SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TABLE IF EXISTS piaf, piaf_stamp;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
"""

# The question's lexemes, quoted for tsquery input ('' for a quote, \\ for
# a backslash), joined by |. No lexeme at all gives an empty tsquery, which
# matches nothing (PostgreSQL says so in a NOTICE).
QUERY = r"""
SELECT id FROM {table}, (
  SELECT coalesce(string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''', ' | '), '')::tsquery AS q
  FROM unnest(tsvector_to_array(to_tsvector('{config}', %s))) AS l) AS query
WHERE tsv @@ q
ORDER BY {rank} DESC, id
LIMIT 100
"""


class Engine:
    def __init__(self, ctx):
        self.ctx = ctx
        self.config_of = {"PostgreSQL " + name: c for name, c in CONFIGS.items()}
        self.rankers = [(engine, r) for engine in self.config_of for r in RANKERS]
        self.server_version = None
        self.load_info = None

    def connect(self):
        a = self.ctx.args
        conn = peers.pg_connect(types.SimpleNamespace(host=a.pg_host, port=a.pg_port,
                                                      dbname="postgres", user="postgres"))
        conn.autocommit = True
        return conn

    def version(self):
        return "PostgreSQL %s" % self.server_version

    def prepare(self, variant):
        """One table serves both variants: loaded (or found) once."""
        if self.load_info is None:
            self.load_info = self.load()
        return self.load_info

    def load(self):
        conn = self.connect()
        cur = conn.cursor()
        cur.execute("SHOW server_version")
        self.server_version = cur.fetchone()[0].split()[0]
        fp = fingerprint(self.ctx.coll.fingerprint, source_of(__file__))
        cur.execute("SELECT to_regclass('piaf_stamp') IS NOT NULL")
        if cur.fetchone()[0] and not self.ctx.args.reload:
            cur.execute("SELECT fingerprint, index_seconds FROM piaf_stamp")
            stamp = cur.fetchone()
            if stamp and stamp[0] == fp:
                conn.close()
                return {"index_seconds": stamp[1], "cached": True}
        t0 = time.perf_counter()
        cur.execute(SETUP)
        cur.execute("CREATE TABLE piaf (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL)")
        rows = "".join("%s\t%s\t%s\n" % tuple(peers.pg_escape_copy(p[k]) for k in ("id", "title", "text"))
                       for p in self.ctx.coll.passages)
        cur.copy_expert("COPY piaf (id, title, body) FROM STDIN", io.StringIO(rows))
        # A narrow table per configuration and variant: rows of one
        # tsvector stay out of TOAST, which made ts_rank 3x slower.
        for c in CONFIGS.values():
            for v in self.ctx.variants:
                cur.execute("DROP TABLE IF EXISTS %s" % table(c, v))
                cur.execute("CREATE TABLE %s AS SELECT id, %s AS tsv FROM piaf" % (table(c, v), tsv(c, v.with_titles)))
                cur.execute("ALTER TABLE %s ADD PRIMARY KEY (id)" % table(c, v))
                cur.execute("CREATE INDEX ON %s USING gin (tsv)" % table(c, v))
                cur.execute("VACUUM ANALYZE %s" % table(c, v))
        seconds = time.perf_counter() - t0
        cur.execute("CREATE TABLE piaf_stamp (fingerprint text, index_seconds float8)")
        cur.execute("INSERT INTO piaf_stamp VALUES (%s, %s)", (fp, seconds))
        conn.close()
        return {"index_seconds": seconds, "cached": False}

    def search(self, variant, ranker):
        config = self.config_of[ranker[0]]
        sql = QUERY.format(config=config, table=table(config, variant), rank=RANKERS[ranker[1]])
        conn = self.connect()
        cur = conn.cursor()
        rankings = []
        for q in self.ctx.coll.questions:
            cur.execute(sql, (q["query"],))
            rankings.append([r[0] for r in cur.fetchall()])
        conn.close()
        return rankings
