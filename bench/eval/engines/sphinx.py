"""Sphinx search 2.2 (Debian's sphinxsearch), queried over SphinxQL.

One index per variant, fed by xmlpipe2, with the title and text fields
(text alone without titles), morphology = libstemmer_fr, a charset_table
that folds accents and case (é -> e, É -> e; the table is built here, and
questions are split into words with the same table), the Snowball French
stop list (as PostgreSQL's french and Vigie drop stopwords), and
index_field_lengths = 1, which bm25a() needs. A question is the OR of its
words (`w1 | w2 ...`, extended query syntax). Rankers: bm25,
proximity_bm25 (Sphinx's default) and expr:bm25a(1.2,0.75)*1000: Sphinx
keeps the expression's value as an integer weight, so without the factor
the float BM25 would be cut to 0, 1 or 2 and most hits would tie.

Why the stop list: Sphinx's default idf ('normalized', log((N-n+1)/n))
is negative for words in more than half of the passages (de, la, le...),
so OR queries full of them rank passages by how few of those words they
hold: without it, MRR@10 with titles falls from 0.77 to 0.65 (bm25a) and
from 0.70 to 0.41 (proximity_bm25, whose phrase part is then made of
stopword runs).

`run.sh` calls `index` (piaf_eval.py sphinx-index) before starting searchd
with the configuration written here, and stops searchd at the end."""
import html
import os
import subprocess
import time
import unicodedata

from piaf_corpus import fingerprint, read_stamp, source_of, write_stamp

RANKERS = {
    "bm25": "bm25",
    "proximity_bm25 (default)": "proximity_bm25",
    "expr:bm25a(1.2,0.75)*1000": "expr('bm25a(1.2,0.75)*1000')",
}


def fold_table():
    """{code point: folded code point} for digits, letters and every letter
    of U+00C0..U+052F and U+1E00..U+1FFF (Latin, Greek, Cyrillic): lower
    case, then the base letter when the canonical decomposition has one
    (é -> e, ç -> c, ά -> α). œ and æ stay one letter each."""
    table = {ord(c): ord(c) for c in "0123456789abcdefghijklmnopqrstuvwxyz"}
    table.update({ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    for cp in list(range(0xC0, 0x530)) + list(range(0x1E00, 0x2000)):
        c = chr(cp)
        if not c.isalpha():
            continue
        low = c.lower() if len(c.lower()) == 1 else c
        base = unicodedata.normalize("NFD", low)[0]
        table[cp] = ord(base if base.isalpha() else low)
    return table


FOLD = fold_table()


def charset_table():
    entries = ["0..9", "a..z", "A..Z->a..z"]
    entries += ["U+%X->U+%X" % (cp, to) for cp, to in sorted(FOLD.items()) if cp >= 0xC0]
    lines = [", ".join(entries[i:i + 8]) for i in range(0, len(entries), 8)]
    return ", \\\n    ".join(lines)  # continued lines


def sphinx_words(question):
    """The words of the question as Sphinx reads them: runs of characters
    of the charset table, folded."""
    out, cur = [], []
    for c in question:
        f = FOLD.get(ord(c))
        if f is None:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(chr(f))
    if cur:
        out.append("".join(cur))
    return out


def index_section(name, path, xml, stopwords):
    return """source {name}
{{
    type = xmlpipe2
    xmlpipe_command = cat {xml}
}}

index {name}
{{
    source = {name}
    path = {path}
    morphology = libstemmer_fr
    min_word_len = 1
    index_field_lengths = 1
    stopwords = {stopwords}
    charset_table = {charset}
}}
""".format(name=name, path=path, xml=xml, stopwords=stopwords, charset=charset_table())


def xml_docset(passages, with_titles):
    """xmlpipe2 stream; document ids are 1-based positions in passages."""
    esc = lambda s: html.escape("".join(c for c in s if c >= " " or c in "\t\n"), quote=False)
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<sphinx:docset>\n<sphinx:schema>\n']
    if with_titles:
        out.append('<sphinx:field name="title"/>\n')
    out.append('<sphinx:field name="text"/>\n</sphinx:schema>\n')
    for i, p in enumerate(passages, 1):
        title = "<title>%s</title>" % esc(p["title"]) if with_titles else ""
        out.append('<sphinx:document id="%d">%s<text>%s</text></sphinx:document>\n' % (i, title, esc(p["text"])))
    out.append("</sphinx:docset>\n")
    return "".join(out)


def index_name(variant):
    return "piaf_" + variant.key


def index(ctx, port):
    """Writes sphinx.conf (searchd on 127.0.0.1:port) and rebuilds the
    indexes when their input or settings changed. Returns the config path."""
    d = os.path.join(ctx.work, "sphinx")
    os.makedirs(os.path.join(d, "data"), exist_ok=True)
    # The stop list folded, the form charset_table gives the words it stops.
    stopwords = os.path.join(d, "stopwords.txt")
    data = ["\n".join(sorted(ctx.coll.stopwords)) + "\n"]
    with open(stopwords, "w", encoding="utf-8") as fh:
        fh.write(data[0])
    sections = []
    for v in ctx.variants:
        xml = os.path.join(d, v.key + ".xml")
        docs = xml_docset(ctx.coll.passages, v.with_titles)
        data.append(docs)
        with open(xml, "w", encoding="utf-8") as fh:
            fh.write(docs)
        sections.append(index_section(index_name(v), os.path.join(d, "data", index_name(v)), xml, stopwords))
    conf = os.path.join(d, "sphinx.conf")
    with open(conf, "w", encoding="utf-8") as fh:
        fh.write("# Written by bench/eval (engines/sphinx.py); rewritten on every run.\n\n")
        fh.write("\n".join(sections))
        fh.write("""
indexer
{{
    mem_limit = 256M
}}

searchd
{{
    listen = 127.0.0.1:{port}:mysql41
    log = {d}/searchd.log
    query_log = {d}/query.log
    pid_file = {d}/searchd.pid
    binlog_path =
    workers = threads
}}
""".format(port=port, d=d))
    fp = fingerprint(source_of(__file__), *sections, *data)
    stamp_path = os.path.join(d, "index.stamp")
    stamp = read_stamp(stamp_path)
    if stamp and stamp.get("fingerprint") == fp and not ctx.args.reload:
        stamp["cached"] = True  # what this run did, for the report
        write_stamp(stamp_path, stamp)
        return conf
    log = os.path.join(ctx.logs, "sphinx-indexer.log")
    t0 = time.perf_counter()
    with open(log, "w") as out:
        st = subprocess.run(["indexer", "--config", conf, "--all"], stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - t0
    if st != 0:
        raise SystemExit("Sphinx indexer failed (exit %d); see %s" % (st, log))
    with open(log) as fh:
        version = fh.readline().strip()  # "Sphinx 2.2.11-id64-release (95ae9a6)"
    write_stamp(stamp_path, {"fingerprint": fp, "index_seconds": seconds, "version": version, "cached": False})
    return conf


class Engine:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rankers = [("Sphinx", r) for r in RANKERS]
        self.stamp = read_stamp(os.path.join(ctx.work, "sphinx", "index.stamp")) or {}

    def version(self):
        return self.stamp.get("version", "Sphinx")

    def prepare(self, variant):
        if "index_seconds" not in self.stamp:
            raise SystemExit("the Sphinx indexes are missing: run.sh builds them (piaf_eval.py sphinx-index)")
        return {"index_seconds": self.stamp["index_seconds"], "cached": self.stamp["cached"]}

    def connect(self):
        import pymysql  # Debian: python3-pymysql
        for attempt in range(50):  # searchd may still be opening its indexes
            try:
                return pymysql.connect(host="127.0.0.1", port=self.ctx.args.sphinx_port, user="", autocommit=True)
            except pymysql.err.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def search(self, variant, ranker):
        sql = ("SELECT id FROM %s WHERE MATCH(%%s) ORDER BY WEIGHT() DESC, id ASC LIMIT 100"
               " OPTION ranker=%s, max_matches=100" % (index_name(variant), RANKERS[ranker[1]]))
        conn = self.connect()
        cur = conn.cursor()
        ids = [p["id"] for p in self.ctx.coll.passages]
        rankings = []
        for q in self.ctx.coll.questions:
            ws = sphinx_words(q["query"])
            if not ws:  # an empty MATCH() would list every document
                rankings.append([])
                continue
            cur.execute(sql, (" | ".join(ws),))
            rankings.append([ids[r[0] - 1] for r in cur.fetchall()])
        conn.close()
        return rankings
