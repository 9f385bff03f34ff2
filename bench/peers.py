#!/usr/bin/env python3
"""Helpers for the Vigie benchmarks (bench/search-bench.sh, bench/index-bench.sh).

Python 3 standard library only, plus psycopg2 (Debian: python3-psycopg2) for the
PostgreSQL peer.

Sub-commands:
  pg-load      load seed .txt files into PostgreSQL (table docs, GIN index)
  sqlite-load  load seed .txt files into an SQLite FTS5 table
  run          run a query workload through one engine (vigie | pg | sqlite),
               one process / one connection, and print a JSON result
  latency      median / p90 wall time of whole single-query processes
  timev        parse a `/usr/bin/time -v` report into JSON
  index-report print the indexing table and write it as JSON
  search-report print the search table and write it as JSON

Seed format: a file starts with " date YYYY-MM-DD " (or YYYY-MM) followed by
the text on the same line; the first line (without the header) is the title,
the remaining lines the body. The document id is the path relative to the
corpus directory, as for vigie-index and bench-minimal-indexer.
"""
import argparse
import io
import json
import os
import re
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time

HEADER_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s?")


# --------------------------------------------------------------------------
# corpus reading

def walk_seed(root):
    """Yield (id, date, title, body) for every *.txt under root, sorted."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if f.endswith(".txt") and not f.startswith("."):
                paths.append(os.path.join(dirpath, f))
    paths.sort()
    for p in paths:
        with open(p, "r", encoding="utf-8", errors="replace") as fh:
            content = fh.read()
        m = HEADER_RE.match(content)
        date = None
        if m:
            date = m.group(1)
            content = content[m.end():]
        if date and len(date) == 7:
            date += "-01"  # month precision: first day of the month
        title, _, body = content.partition("\n")
        yield os.path.relpath(p, root), date, title.strip(), body.strip()


def read_workload(path, dates):
    """Return a list of (query, since, until); since/until None unless dates."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if dates:
                q, since, until = line.split("\t")
                out.append((q, since, until))
            else:
                out.append((line, None, None))
    return out


# --------------------------------------------------------------------------
# PostgreSQL

PG_SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS fr;
CREATE TEXT SEARCH CONFIGURATION fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION fr
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
DROP TABLE IF EXISTS docs;
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
SELECT id, date, title, ts_headline('fr', body, q) AS snippet, rank
FROM (
  SELECT id, date, title, body, q, ts_rank_cd(tsv, q) AS rank
  FROM docs, websearch_to_tsquery('fr', %(q)s) AS q
  WHERE tsv @@ q {date_filter}
  ORDER BY rank DESC
  LIMIT %(limit)s
) AS top
ORDER BY rank DESC
"""
PG_DATE_FILTER = "AND date BETWEEN %(since)s AND %(until)s"


def pg_connect(args):
    import psycopg2  # Debian: python3-psycopg2
    return psycopg2.connect(host=args.host, port=args.port, dbname=args.dbname, user=args.user)


def pg_escape_copy(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def cmd_pg_load(args):
    conn = pg_connect(args)
    conn.autocommit = True
    cur = conn.cursor()
    t0 = time.perf_counter()
    cur.execute(PG_SETUP)
    n = 0
    nbytes = 0
    buf = io.StringIO()

    def flush():
        buf.seek(0)
        cur.copy_expert("COPY docs (id, date, title, body) FROM STDIN", buf)
        buf.seek(0)
        buf.truncate()

    for doc_id, date, title, body in walk_seed(args.corpus):
        buf.write("%s\t%s\t%s\t%s\n" % (pg_escape_copy(doc_id), date or "\\N",
                                         pg_escape_copy(title), pg_escape_copy(body)))
        nbytes += len(title) + len(body)
        n += 1
        if n % 5000 == 0:
            flush()
    flush()
    t_load = time.perf_counter() - t0
    cur.execute(PG_INDEX)
    t_index = time.perf_counter() - t0 - t_load
    cur.execute("VACUUM ANALYZE docs")
    t_total = time.perf_counter() - t0
    cur.execute("SELECT pg_total_relation_size('docs')")
    size = cur.fetchone()[0]
    conn.close()
    res = {"engine": "postgresql", "documents": n, "copy_seconds": round(t_load, 2),
           "index_seconds": round(t_index, 2), "total_seconds": round(t_total, 2), "size_bytes": size}
    print(json.dumps(res))


def run_pg(args, work):
    t0 = time.perf_counter()
    conn = pg_connect(args)
    conn.autocommit = True
    cur = conn.cursor()
    sql_plain = PG_QUERY.format(date_filter="")
    sql_dates = PG_QUERY.format(date_filter=PG_DATE_FILTER)
    hits = []
    for q, since, until in work:
        if since:
            cur.execute(sql_dates, {"q": q, "since": since, "until": until, "limit": args.limit})
        else:
            cur.execute(sql_plain, {"q": q, "limit": args.limit})
        hits.append(len(cur.fetchall()))
    conn.close()
    return time.perf_counter() - t0, hits


# --------------------------------------------------------------------------
# SQLite FTS5

SQLITE_SETUP = """
DROP TABLE IF EXISTS docs;
CREATE VIRTUAL TABLE docs USING fts5(
  id UNINDEXED, date UNINDEXED, title, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
"""

SQLITE_QUERY = """
SELECT id, date, title, snippet(docs, 3, '[', ']', '…', 16)
FROM docs
WHERE docs MATCH ? {date_filter}
ORDER BY bm25(docs)
LIMIT ?
"""
SQLITE_DATE_FILTER = "AND date BETWEEN ? AND ?"


def fts5_query(q):
    """The words of the query, each quoted, ANDed."""
    words = q.split()
    return " AND ".join('"%s"' % w.replace('"', '""') for w in words)


def cmd_sqlite_load(args):
    if os.path.exists(args.db):
        os.remove(args.db)
    t0 = time.perf_counter()
    conn = sqlite3.connect(args.db)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SQLITE_SETUP)
    n = 0
    batch = []
    for doc_id, date, title, body in walk_seed(args.corpus):
        batch.append((doc_id, date, title, body))
        n += 1
        if len(batch) == 5000:
            conn.executemany("INSERT INTO docs (id, date, title, body) VALUES (?, ?, ?, ?)", batch)
            batch = []
    conn.executemany("INSERT INTO docs (id, date, title, body) VALUES (?, ?, ?, ?)", batch)
    conn.commit()
    t_load = time.perf_counter() - t0
    conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    conn.commit()
    conn.close()
    t_total = time.perf_counter() - t0
    res = {"engine": "sqlite-fts5", "documents": n, "insert_seconds": round(t_load, 2),
           "total_seconds": round(t_total, 2), "size_bytes": os.path.getsize(args.db),
           "sqlite_version": sqlite3.sqlite_version}
    print(json.dumps(res))


def run_sqlite(args, work):
    t0 = time.perf_counter()
    conn = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    conn.execute("PRAGMA mmap_size=4294967296")
    conn.execute("PRAGMA cache_size=-262144")  # 256 MiB
    sql_plain = SQLITE_QUERY.format(date_filter="")
    sql_dates = SQLITE_QUERY.format(date_filter=SQLITE_DATE_FILTER)
    hits = []
    for q, since, until in work:
        m = fts5_query(q)
        if since:
            rows = conn.execute(sql_dates, (m, since, until, args.limit)).fetchall()
        else:
            rows = conn.execute(sql_plain, (m, args.limit)).fetchall()
        hits.append(len(rows))
    conn.close()
    return time.perf_counter() - t0, hits


# --------------------------------------------------------------------------
# Vigie

def run_vigie(args, work):
    lines = []
    for q, since, until in work:
        lines.append("%s date:%s..%s" % (q, since, until) if since else q)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    cmd = [args.bin, "--db", args.db, "--batch", "--limit", str(args.limit)]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit("vigie-search --batch exited with %d" % p.returncode)
    out = p.stdout.decode("utf-8").splitlines()
    if len(out) != len(lines):
        raise SystemExit("vigie-search --batch answered %d lines for %d queries" % (len(out), len(lines)))
    hits = []
    for line in out:
        obj = json.loads(line)
        hits.append(len(obj.get("hits") or []))
    return wall, hits


def cmd_run(args):
    work = read_workload(args.queries, args.dates)
    runner = {"vigie": run_vigie, "pg": run_pg, "sqlite": run_sqlite}[args.engine]
    for _ in range(args.warmup):
        runner(args, work)
    walls = []
    hits = None
    for _ in range(args.runs):
        wall, hits = runner(args, work)
        walls.append(wall)
    med = statistics.median(walls)
    res = {
        "engine": args.engine,
        "workload": os.path.basename(args.queries),
        "queries": len(work),
        "runs": args.runs,
        "wall_seconds": [round(w, 4) for w in walls],
        "median_seconds": round(med, 4),
        "qps": round(len(work) / med, 2),
        "queries_with_hits": sum(1 for h in hits if h),
        "hits_returned": sum(hits),
    }
    print(json.dumps(res))


# --------------------------------------------------------------------------
# single-query process latency

def percentile(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def cmd_latency(args):
    """Time whole processes. argv is a template: {q} is replaced by the query,
    {q_sql} by the query escaped for an SQL string literal, {q_fts} by the
    FTS5 expression (quoted words ANDed) escaped for an SQL string literal."""
    import shutil
    results = []
    for q in args.query:
        q_sql = q.replace("'", "''")
        q_fts = fts5_query(q).replace("'", "''")
        argv = [a.replace("{q_sql}", q_sql).replace("{q_fts}", q_fts).replace("{q}", q) for a in args.argv]
        times = None
        if shutil.which("hyperfine") and not args.no_hyperfine:
            exp = os.path.join(args.tmpdir, "hyperfine.json")
            hf = ["hyperfine", "-N", "--style", "none", "--warmup", str(args.warmup), "--runs", str(args.runs),
                  "--export-json", exp, " ".join(shlex.quote(a) for a in argv)]
            p = subprocess.run(hf, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if p.returncode == 0:
                with open(exp) as fh:
                    times = json.load(fh)["results"][0]["times"]
            else:
                sys.stderr.write("latency: hyperfine failed (%s), timing with a loop\n"
                                 % p.stderr.decode("utf-8", "replace").strip()[-300:])
        if times is None:
            for _ in range(args.warmup):
                subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
        results.append({"query": q, "runs": len(times),
                        "median_ms": round(statistics.median(times) * 1000, 2),
                        "p90_ms": round(percentile(times, 0.9) * 1000, 2)})
    print(json.dumps({"engine": args.engine, "results": results}))


# --------------------------------------------------------------------------
# /usr/bin/time -v

def parse_timev(path):
    res = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            key, _, val = line.rpartition(": ")
            if key.startswith("Elapsed (wall clock) time"):
                parts = [float(x) for x in val.split(":")]
                secs = 0.0
                for x in parts:
                    secs = secs * 60 + x
                res["wall_seconds"] = secs
            elif key == "User time (seconds)":
                res["user_seconds"] = float(val)
            elif key == "System time (seconds)":
                res["sys_seconds"] = float(val)
            elif key == "Percent of CPU this job got":
                res["cpu_percent"] = float(val.rstrip("%")) if val.rstrip("%").replace(".", "").isdigit() else None
            elif key == "Maximum resident set size (kbytes)":
                res["max_rss_mb"] = round(int(val) / 1024.0, 1)
            elif key == "Exit status":
                res["exit_status"] = int(val)
    return res


def cmd_timev(args):
    print(json.dumps(parse_timev(args.file)))


# --------------------------------------------------------------------------
# reports

def fmt(v, spec):
    if v is None:
        return "n/a"
    try:
        return format(v, spec)
    except (TypeError, ValueError):
        return str(v)


def busy_warning(load_before):
    """Warn when other processes were competing for the CPU."""
    after = os.getloadavg()[0]
    if load_before is not None and (load_before > 0.7 or after > (os.cpu_count() or 1) + 0.7):
        print("WARNING: the machine was busy (1-min load average %.2f before, %.2f after, %d cores):"
              " timings are noisy, compare ratios, rerun on a quiet machine" % (load_before, after, os.cpu_count() or 0))


def cmd_index_report(args):
    """stdin: one JSON object per line: corpus, tool, documents, input_bytes, timev..., index_bytes."""
    allruns = [json.loads(l) for l in sys.stdin if l.strip()]
    # Several runs per (corpus, tool): keep the run of median wall time.
    groups = {}
    for r in allruns:
        groups.setdefault((r["corpus"], r["tool"]), []).append(r)
    rows = []
    for key, rs in groups.items():
        ok = [r for r in rs if r.get("wall_seconds") is not None and r.get("exit_status", 2) <= 1]
        pick = rs[-1]
        if ok:
            ok.sort(key=lambda r: r["wall_seconds"])
            pick = ok[(len(ok) - 1) // 2]
        pick = dict(pick)
        pick["runs"] = len(rs)
        pick["all_wall_seconds"] = [r.get("wall_seconds") for r in rs]
        rows.append(pick)
    for r in rows:
        w = r.get("wall_seconds")
        r["docs_per_s"] = round(r["documents"] / w, 1) if w else None
        r["mb_per_s"] = round(r["input_bytes"] / 1e6 / w, 3) if w else None
    summary = []
    print()
    print("Indexing benchmark (%s, %d cores)" % (time.strftime("%Y-%m-%d %H:%M"), os.cpu_count() or 0))
    busy_warning(args.load_before)
    if any(r["runs"] > 1 for r in rows):
        print("(median of %d runs per tool; all wall times in the JSON)" % max(r["runs"] for r in rows))
    hdr = "%-12s %-22s %9s %9s %9s %7s %10s %9s %6s %5s" % (
        "corpus", "tool", "documents", "wall s", "docs/s", "MB/s", "index MB", "peak RSS", "CPU%", "exit")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        print("%-12s %-22s %9s %9s %9s %7s %10s %9s %6s %5s" % (
            r["corpus"], r["tool"], fmt(r.get("indexed_docs", r["documents"]), "d"),
            fmt(r.get("wall_seconds"), ".2f"), fmt(r.get("docs_per_s"), ".0f"), fmt(r.get("mb_per_s"), ".2f"),
            fmt(r["index_bytes"] / 1e6 if r.get("index_bytes") is not None else None, ".1f"),
            fmt(r.get("max_rss_mb"), ".0f"), fmt(r.get("cpu_percent"), ".0f"), fmt(r.get("exit_status"), "d")))
    print()
    for corpus in dict.fromkeys(r["corpus"] for r in rows):
        by = {r["tool"]: r for r in rows if r["corpus"] == corpus}
        v, m = by.get("vigie-index"), by.get("bench-minimal-indexer")
        failed = [t for t, r in (("vigie-index", v), ("bench-minimal-indexer", m))
                  if r and (r.get("exit_status") is None or r["exit_status"] > 1)]
        if failed:
            print("%-12s vigie_time / minimal_time = n/a (%s failed, see the logs)" % (corpus, ", ".join(failed)))
        elif v and m and v.get("wall_seconds") and m.get("wall_seconds"):
            ratio = v["wall_seconds"] / m["wall_seconds"]
            size_ratio = (v["index_bytes"] / m["index_bytes"]) if v.get("index_bytes") and m.get("index_bytes") else None
            print("%-12s vigie_time / minimal_time = %.2fx   (goal: within 1.3x: %s)   index size ratio %s" % (
                corpus, ratio, "met" if ratio <= 1.3 else "NOT met", fmt(size_ratio, ".2f")))
            summary.append({"corpus": corpus, "time_ratio": round(ratio, 3),
                            "size_ratio": round(size_ratio, 3) if size_ratio else None, "goal": 1.3})
        else:
            print("%-12s vigie_time / minimal_time = n/a (vigie-index not measured)" % corpus)
    out = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(), "load_before": args.load_before,
           "load_after": os.getloadavg()[0], "results": rows, "ratios": summary}
    with open(args.json, "w") as fh:
        json.dump(out, fh, indent=2)
    print("\nJSON written to %s" % args.json)


def cmd_search_report(args):
    """stdin: JSON objects (kind: load | run | latency)."""
    objs = [json.loads(l) for l in sys.stdin if l.strip()]
    loads = [o for o in objs if o.get("kind") == "load"]
    runs = [o for o in objs if o.get("kind") == "run"]
    lats = [o for o in objs if o.get("kind") == "latency"]
    print()
    print("Search benchmark (%s, %d cores), corpus tv-news-fr" % (time.strftime("%Y-%m-%d %H:%M"), os.cpu_count() or 0))
    busy_warning(args.load_before)
    if loads:
        print("\nLoading / indexing (informative):")
        for o in loads:
            print("  %-12s %7s docs  %8.1f s  %8.1f MB" % (o["engine"], o.get("documents"), o.get("total_seconds") or 0,
                                                         (o.get("size_bytes") or 0) / 1e6))
    ratios = []
    for wl in dict.fromkeys(o["workload"] for o in runs):
        print("\nWorkload %s (one process / session per engine, median of runs):" % wl)
        hdr = "  %-10s %8s %10s %10s %14s %12s" % ("engine", "queries", "median s", "queries/s", "queries w/hit", "hits")
        print(hdr)
        by = {}
        for o in runs:
            if o["workload"] != wl:
                continue
            by[o["engine"]] = o
            print("  %-10s %8d %10.3f %10.1f %14d %12d" % (o["engine"], o["queries"], o["median_seconds"], o["qps"],
                                                          o["queries_with_hits"], o["hits_returned"]))
        v = by.get("vigie")
        for peer, goal, op in (("pg", 3.0, ">="), ("sqlite", 1.0, ">")):
            p = by.get(peer)
            if v and p:
                r = v["qps"] / p["qps"]
                met = r >= goal if op == ">=" else r > goal
                print("  Vigie / %-7s = %.2fx  (goal %s %gx: %s)" % (
                    {"pg": "PostgreSQL", "sqlite": "SQLite"}[peer], r, op, goal, "met" if met else "NOT met"))
                ratios.append({"workload": wl, "peer": peer, "ratio": round(r, 3), "goal": "%s %g" % (op, goal)})
            elif p:
                print("  Vigie / %s = n/a (vigie not measured)" % peer)
    if lats:
        print("\nSingle-search latency (whole process, wall time):")
        for o in lats:
            for r in o["results"]:
                extra = ""
                if o["engine"] == "vigie":
                    extra = "  (goal < 20 ms: %s)" % ("met" if r["median_ms"] < 20 else "NOT met")
                print("  %-10s %-40s median %7.2f ms  p90 %7.2f ms  (%d runs)%s" % (
                    o["engine"], r["query"][:40], r["median_ms"], r["p90_ms"], r["runs"], extra))
    out = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(), "load_before": args.load_before,
           "load_after": os.getloadavg()[0], "loads": loads, "runs": runs,
           "latency": lats, "ratios": ratios}
    with open(args.json, "w") as fh:
        json.dump(out, fh, indent=2)
    print("\nJSON written to %s" % args.json)


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def pg_opts(p):
        p.add_argument("--host", required=True, help="unix socket directory")
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--dbname", default="postgres")
        p.add_argument("--user", default="postgres")

    p = sub.add_parser("pg-load")
    pg_opts(p)
    p.add_argument("--corpus", required=True)
    p.set_defaults(func=cmd_pg_load)

    p = sub.add_parser("sqlite-load")
    p.add_argument("--db", required=True)
    p.add_argument("--corpus", required=True)
    p.set_defaults(func=cmd_sqlite_load)

    p = sub.add_parser("run")
    p.add_argument("engine", choices=["vigie", "pg", "sqlite"])
    p.add_argument("--queries", required=True)
    p.add_argument("--dates", action="store_true", help="workload is TSV: query, since, until")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--db", help="vigie: database dir; sqlite: database file")
    p.add_argument("--bin", help="vigie: path of vigie-search")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--dbname", default="postgres")
    p.add_argument("--user", default="postgres")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("latency")
    p.add_argument("--engine", required=True)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--tmpdir", default="/tmp")
    p.add_argument("--no-hyperfine", action="store_true")
    p.add_argument("--query", action="append", required=True)
    p.add_argument("argv", nargs=argparse.REMAINDER, help="-- argv with {q} for the query")
    p.set_defaults(func=cmd_latency)

    p = sub.add_parser("timev")
    p.add_argument("file")
    p.set_defaults(func=cmd_timev)

    p = sub.add_parser("index-report")
    p.add_argument("--json", required=True)
    p.add_argument("--load-before", type=float)
    p.set_defaults(func=cmd_index_report)

    p = sub.add_parser("search-report")
    p.add_argument("--json", required=True)
    p.add_argument("--load-before", type=float)
    p.set_defaults(func=cmd_search_report)

    args = ap.parse_args()
    if args.func is cmd_latency:
        if args.argv and args.argv[0] == "--":
            args.argv = args.argv[1:]
        if not args.argv:
            ap.error("latency: give the command after --")
    args.func(args)


if __name__ == "__main__":
    main()
