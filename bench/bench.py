#!/usr/bin/env python3
"""Measuring steps of bench/run.sh (turns: several engines at once); each prints one
JSON record per line on stdout (run.sh collects them for report.py).

  build    build the engine's index from a corpus, measured (measure.py)
  queries  the query workloads through one session per pass
  cold     one whole client process per search, repeated
  turns    queries then cold for several engines at once, taking turns
  server   peak RSS of a running server's processes
  prepare-jsonl SEED_DIR OUT_FILE  the seed .txt files as JSON Lines
  stats DIR                        documents and bytes of a JSON Lines corpus
  load-pg, load-sqlite, sphinx-tsv the peers' loaders (run by `build`)
  report   the tables (report.py)

Python 3 standard library, plus Debian's python3-psycopg2 (PostgreSQL) and
python3-mysqldb or python3-pymysql (Sphinx).
"""
import argparse
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import measure  # noqa: E402
import peers  # noqa: E402
import vigie  # noqa: E402

ENGINES = {"vigie": vigie.Vigie, "vigie-baseline": vigie.Vigie, "minimal": vigie.MinimalIndexer,
           "postgresql": peers.PostgreSQL, "sqlite": peers.SQLite, "sphinx": peers.Sphinx}

# (name, file suffix, snippets, date-filtered): the workloads of one corpus,
# from ../shared/queries/<prefix>-*.
WORKLOADS = [("2w", "-2w.txt", True, False), ("2w-nosnip", "-2w.txt", False, False),
             ("dates", "-dates.tsv", True, True), ("3w", "-3w.txt", True, False)]


def emit(record):
    print(json.dumps(record), flush=True)


def base_record(args, kind):
    return {"kind": kind, "engine": args.engine, "corpus": args.corpus, "load_before": round(measure.load1(), 2),
            "time": time.strftime("%Y-%m-%dT%H:%M:%S")}


def read_workload(path, dates):
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            out.append(tuple(line.split("\t")) if dates else (line, None, None))
    return out


# --------------------------------------------------------------------------

def cmd_build(args):
    eng = ENGINES[args.engine](args)
    eng.prepare()
    rec = base_record(args, "build")
    rec["run"] = args.run
    log = os.path.join(args.log_dir, "%s-%s-build-%d" % (args.corpus, args.engine, args.run))
    with open(log + ".out", "wb") as out, open(log + ".err", "wb") as err:
        rec.update(measure.run_measured(eng.build_argv(args.input), out, err, server_pid=eng.server_pid()))
    with open(log + ".out", encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    ok = rec["exit_status"] == 0 or (args.engine.startswith("vigie") and rec["exit_status"] == 1)
    if ok:
        try:
            eng.built(rec, text)
        except (ValueError, IndexError, OSError) as e:
            rec["error"] = "cannot read what the build left: %s" % e
    else:
        with open(log + ".err", encoding="utf-8", errors="replace") as fh:
            rec["error"] = "exit %d: %s" % (rec["exit_status"], fh.read()[-400:].strip())
    rec["total_write_bytes"] = rec["write_bytes"] + rec.get("server_write_bytes", 0)
    emit(rec)


def run_pass(eng, work, snippets):
    """One pass: a new session, every query timed from outside."""
    lat, hits = [], []
    t0 = time.perf_counter()
    s = eng.session(snippets)
    for q, since, until in work:
        t = time.perf_counter()
        hits.append(s.query(q, since, until))
        lat.append(time.perf_counter() - t)
    wall = time.perf_counter() - t0
    extra = s.close() or {}
    if "hits" in extra:
        hits = extra.pop("hits")
    return wall, lat, hits, extra


def measure_workloads(specs, queries_prefix, runs, warmup, only):
    """The workloads through every engine of specs (their parsed options),
    which take turns pass by pass: a machine that slows down for a while
    slows each of them alike, where one after the other it could slow one
    only. One record per engine and workload."""
    engines = [(a, ENGINES[a.engine](a)) for a in specs]
    for name, suffix, snippets, dates in WORKLOADS:
        if only and name not in only:
            continue
        path = queries_prefix + suffix
        work = read_workload(path, dates)
        taking = []
        for a, eng in engines:
            if not snippets and not getattr(eng, "supports_no_snippets", lambda: True)():
                rec = base_record(a, "workload")
                rec.update(workload=name, file=os.path.basename(path), snippets=snippets,
                           skipped="vigie-search has no --no-snippets option")
                emit(rec)
                continue
            taking.append((a, eng, {"rec": base_record(a, "workload"), "walls": [], "p50": [], "p99": [],
                                    "extras": [], "hits": []}))
        for _ in range(warmup):
            for _, eng, _ in taking:
                run_pass(eng, work, snippets)
        for _ in range(runs):
            for _, eng, m in taking:
                wall, lat, hits, extra = run_pass(eng, work, snippets)
                m["walls"].append(wall)
                m["p50"].append(measure.percentile(lat, 0.5) * 1000)
                m["p99"].append(measure.percentile(lat, 0.99) * 1000)
                m["extras"].append(extra)
                m["hits"] = hits
        for a, _, m in taking:
            rec = m["rec"]
            rec.update(workload=name, file=os.path.basename(path), snippets=snippets)
            med = measure.median(m["walls"])
            hits, extras = m["hits"], m["extras"]
            rec.update(queries=len(work), runs=runs, turns=len(taking), pass_seconds=[round(w, 4) for w in m["walls"]],
                       qps=round(len(work) / med, 1), p50_ms=round(measure.median(m["p50"]), 3),
                       p99_ms=round(measure.median(m["p99"]), 3), hits_returned=sum(hits),
                       queries_with_hits=sum(1 for h in hits if h))
            if extras[-1].get("took_ms"):
                took = [e["took_ms"] for e in extras]
                rec["engine_p50_ms"] = round(measure.median([measure.percentile(t, 0.5) for t in took]), 3)
                rec["engine_p99_ms"] = round(measure.median([measure.percentile(t, 0.99) for t in took]), 3)
                rec["relaxed"] = extras[-1]["relaxed"]
                rec["errors"] = extras[-1]["errors"]
            emit(rec)


def cmd_queries(args):
    measure_workloads([args], args.queries_prefix, args.runs, args.warmup, args.only)


def spawn_timed(argv):
    """Wall seconds and exit status of one process, output to /dev/null."""
    devnull = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=devnull)
    _, status = os.waitpid(pid, 0)
    return time.perf_counter() - t0, os.waitstatus_to_exitcode(status)


def measure_cold(specs, queries_prefix, count, runs):
    """One whole client process per search, for every engine of specs:
    each query asked of each engine in turn, so that they share the
    machine's good and bad moments. One record per engine."""
    lines = [q for q, _, _ in read_workload(queries_prefix + "-2w.txt", False)]
    step = max(1, len(lines) // count)
    queries = lines[::step][:count]
    engines = []
    for a in specs:
        eng = ENGINES[a.engine](a)
        argvs = []
        for q in queries:
            argv = eng.cold_argv(q)
            argv[0] = shutil.which(argv[0]) or argv[0]
            argvs.append(argv)
        ok_status = (0, 1) if a.engine.startswith("vigie") else (0,)
        engines.append((a, argvs, ok_status, {"rec": base_record(a, "cold"), "samples": [], "failed": 0}))
    for _, argvs, _, _ in engines:  # warm-up: one untimed run per query
        for argv in argvs:
            spawn_timed(argv)
    for _ in range(runs):
        for i in range(len(queries)):
            for _, argvs, ok_status, m in engines:
                wall, status = spawn_timed(argvs[i])
                m["samples"].append(wall * 1000)
                m["failed"] += status not in ok_status
    for a, argvs, _, m in engines:
        samples = m["samples"]
        rec = m["rec"]
        rec.update(queries=len(queries), runs=runs, turns=len(engines), samples=len(samples), failed=m["failed"],
                   p50_ms=round(measure.percentile(samples, 0.5), 2),
                   p99_ms=round(measure.percentile(samples, 0.99), 2),
                   command=os.path.basename(argvs[0][0]) if argvs else None)
        emit(rec)


def cmd_cold(args):
    measure_cold([args], args.queries_prefix, args.count, args.runs)


def cmd_turns(args):
    specs = []
    with open(args.engines_file, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                specs.append(args.engine_parser.parse_args(json.loads(line)))
    if not specs:
        return
    measure_workloads(specs, args.queries_prefix, args.runs, args.warmup, args.only)
    measure_cold(specs, args.queries_prefix, args.cold_count, args.cold_runs)


def cmd_server(args):
    rec = base_record(args, "server")
    rec.update(phase=args.phase, peak_rss_mib=measure.server_peak_rss_mib(args.pid))
    emit(rec)


def cmd_prepare_jsonl(args):
    corpus.seed_to_jsonl(args.seed_dir, args.out_file)
    print(json.dumps(corpus.stats(os.path.dirname(os.path.abspath(args.out_file)))))


def cmd_stats(args):
    print(json.dumps(corpus.stats(args.dir)))


def cmd_report(args):
    import report
    report.main(args)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def engine_opts(p):
        p.add_argument("--engine", required=True, choices=sorted(ENGINES))
        p.add_argument("--corpus", required=True, help="corpus name, for the records")
        p.add_argument("--db", help="index folder or file of the engine")
        p.add_argument("--index-bin")
        p.add_argument("--search-bin")
        p.add_argument("--pg-host")
        p.add_argument("--pg-port", type=int)
        p.add_argument("--pg-db")
        p.add_argument("--pg-pidfile")
        p.add_argument("--sphinx-conf")
        p.add_argument("--sphinx-port", type=int)
        p.add_argument("--log-dir", default="/tmp")

    p = sub.add_parser("build")
    engine_opts(p)
    p.add_argument("--input", required=True, help="corpus folder (JSON Lines, or seed .txt for minimal)")
    p.add_argument("--run", type=int, default=1)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("queries")
    engine_opts(p)
    p.add_argument("--queries-prefix", required=True, help="e.g. ../shared/queries/tvnews")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--only", action="append", help="workload name (2w, 2w-nosnip, dates, 3w); repeatable")
    p.set_defaults(func=cmd_queries)

    p = sub.add_parser("cold")
    engine_opts(p)
    p.add_argument("--queries-prefix", required=True)
    p.add_argument("--count", type=int, default=20, help="queries, spread over the two-word workload")
    p.add_argument("--runs", type=int, default=5, help="timed runs of each query (after one untimed)")
    p.set_defaults(func=cmd_cold)

    p = sub.add_parser("turns", help="queries and cold, several engines taking turns")
    p.add_argument("--engines-file", required=True,
                   help="one JSON array a line: an engine's options, as queries takes them (--engine, --db...)")
    p.add_argument("--queries-prefix", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--only", action="append")
    p.add_argument("--cold-count", type=int, default=20)
    p.add_argument("--cold-runs", type=int, default=5)
    engine_parser = argparse.ArgumentParser(prog="bench.py turns engine")
    engine_opts(engine_parser)
    p.set_defaults(func=cmd_turns, engine_parser=engine_parser)

    p = sub.add_parser("server")
    engine_opts(p)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--phase", default="queries")
    p.set_defaults(func=cmd_server)

    p = sub.add_parser("prepare-jsonl")
    p.add_argument("seed_dir")
    p.add_argument("out_file")
    p.set_defaults(func=cmd_prepare_jsonl)

    p = sub.add_parser("stats")
    p.add_argument("dir")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("load-pg")
    p.add_argument("--pg-host", required=True)
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--pg-db", required=True)
    p.add_argument("corpus_dir")
    p.set_defaults(func=lambda a: peers.pg_load(a.pg_host, a.pg_port, a.pg_db, a.corpus_dir))

    p = sub.add_parser("load-sqlite")
    p.add_argument("--db", required=True)
    p.add_argument("corpus_dir")
    p.set_defaults(func=lambda a: peers.sqlite_load(a.db, a.corpus_dir))

    p = sub.add_parser("sphinx-tsv")
    p.add_argument("corpus_dir")
    p.set_defaults(func=lambda a: peers.sphinx_tsv(a.corpus_dir))

    p = sub.add_parser("report")
    p.add_argument("--results", required=True, help="JSON Lines of the records of this run")
    p.add_argument("--meta", required=True, help="JSON: run facts (date, git, machine, options)")
    p.add_argument("--cached-peers", help="folder of the peers' last figures, per corpus (--vigie-only)")
    p.add_argument("--save-peers", help="folder where to keep this run's peer figures")
    p.add_argument("--md", required=True)
    p.add_argument("--json", required=True)
    p.add_argument("--scale-md", help="where to write the scaling table when gen corpora were measured")
    p.set_defaults(func=cmd_report)

    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
