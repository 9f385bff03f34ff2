"""SQLite FTS5 (Python's sqlite3 module): unicode61 with diacritics
removed, bm25() with the default column weights (1 each). A question is
the OR of its words, each quoted; the second ranker first drops the words
of the Snowball French stop list. FTS5 has no French stemmer."""
import os
import sqlite3
import time

from piaf_corpus import fingerprint, fold, read_stamp, source_of, words, write_stamp

TOKENIZE = "unicode61 remove_diacritics 2"
RANKERS = ["bm25", "bm25, French stopwords dropped"]


class Engine:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rankers = [("SQLite FTS5", r) for r in RANKERS]
        self.dir = os.path.join(ctx.work, "sqlite")
        os.makedirs(self.dir, exist_ok=True)

    def version(self):
        return "SQLite %s" % sqlite3.sqlite_version

    def db(self, variant):
        return os.path.join(self.dir, variant.key + ".db")

    def prepare(self, variant):
        db, stamp_path = self.db(variant), self.db(variant) + ".stamp"
        fp = fingerprint(self.ctx.coll.fingerprint, source_of(__file__), variant.key)
        stamp = read_stamp(stamp_path)
        if stamp and stamp.get("fingerprint") == fp and os.path.exists(db) and not self.ctx.args.reload:
            return {"index_seconds": stamp["index_seconds"], "cached": True}
        if os.path.exists(db):
            os.remove(db)
        t0 = time.perf_counter()
        conn = sqlite3.connect(db)
        cols = "title, text" if variant.with_titles else "text"
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                           "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, %s, tokenize = '%s');"
                           % (cols, TOKENIZE))
        if variant.with_titles:
            rows = [(p["id"], p["title"], p["text"]) for p in self.ctx.coll.passages]
            conn.executemany("INSERT INTO docs (id, title, text) VALUES (?, ?, ?)", rows)
        else:
            rows = [(p["id"], p["text"]) for p in self.ctx.coll.passages]
            conn.executemany("INSERT INTO docs (id, text) VALUES (?, ?)", rows)
        conn.commit()
        conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        conn.commit()
        conn.close()
        seconds = time.perf_counter() - t0
        write_stamp(stamp_path, {"fingerprint": fp, "index_seconds": seconds})
        return {"index_seconds": seconds, "cached": False}

    def match_expr(self, question, drop_stopwords):
        ws = words(question)
        if drop_stopwords:
            kept = [w for w in ws if fold(w) not in self.ctx.coll.stopwords]
            ws = kept or ws  # a question of stopwords only keeps them all
        return " OR ".join('"%s"' % w for w in ws)  # words never hold a '"'

    def search(self, variant, ranker):
        drop = ranker[1] != RANKERS[0]
        conn = sqlite3.connect("file:%s?mode=ro" % self.db(variant), uri=True)
        sql = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 100"
        rankings = []
        for q in self.ctx.coll.questions:
            m = self.match_expr(q["query"], drop)
            rankings.append([r[0] for r in conn.execute(sql, (m,))] if m else [])
        conn.close()
        return rankings
