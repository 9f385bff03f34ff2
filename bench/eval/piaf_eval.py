#!/usr/bin/env python3
"""Ranking evaluation on PIAF v1.1: Vigie against PostgreSQL, SQLite FTS5
and Sphinx, on the same passages and questions (run by bench/eval/run.sh,
which builds Vigie, installs the peers and starts their servers).

Sub-commands:
  sphinx-index  write sphinx.conf and (re)build the Sphinx indexes if stale
  run           index / load every engine, answer every question with every
                ranker, print the table and write it as Markdown and JSON

Python 3 standard library, plus Debian's python3-psycopg2 and python3-pymysql.
"""
import argparse
import json
import os
import re
import shutil
import sys
import time

from piaf_corpus import VARIANTS, Collection
from metrics import evaluate
import report

PEERS_CACHE = "peers-last.json"  # the peers' rows of the last full run


class Context:
    """What every engine needs: the collection, the cache directory, the
    command-line arguments."""

    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.logs = os.path.join(args.work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.variants = VARIANTS
        self.commit = args.commit
        self.coll = Collection(os.path.join(args.data, "passages.jsonl"), os.path.join(args.data, "queries.jsonl"),
                               args.stopwords)

    @staticmethod
    def log(msg):
        print("eval: " + msg, file=sys.stderr, flush=True)


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def measure(ctx, engine, rows):
    """Every variant and ranker of one engine; appends a row per pair."""
    for variant in ctx.variants:
        info = engine.prepare(variant)
        for ranker in engine.rankers:
            ctx.log("%s, %s, %s ..." % (ranker[0], ranker[1], variant.label))
            t0 = time.perf_counter()
            rankings = engine.search(variant, ranker)
            seconds = time.perf_counter() - t0
            m = evaluate(ctx.coll.questions, rankings)
            # Per-question rank of the relevant passage (0: not in the top
            # 100), to compare two runs question by question.
            runs = os.path.join(ctx.work, "runs", variant.key)
            os.makedirs(runs, exist_ok=True)
            with open(os.path.join(runs, slug(ranker[0] + " " + ranker[1]) + ".tsv"), "w") as fh:
                fh.writelines("%s\t%d\n" % (q["qid"], r) for q, r in zip(ctx.coll.questions, m["ranks"]))
            rows.append({"engine": ranker[0], "ranker": ranker[1], "variant": variant.label,
                         "mrr10": round(m["mrr10"], 4), "r10": round(m["r10"], 4), "r100": round(m["r100"], 4),
                         "answered": m["answered"], "seconds": round(seconds, 3),
                         "index_seconds": round(info["index_seconds"], 3), "index_cached": info["cached"]})


def cmd_sphinx_index(args):
    from engines import sphinx
    print(sphinx.index(Context(args), args.sphinx_port))


def cmd_run(args):
    t_start = time.time()
    load_before = os.getloadavg()[0]
    ctx = Context(args)
    from engines import vigie
    engines = [vigie.Engine(ctx)]
    if not args.vigie_only:
        from engines import postgres, sqlite_fts5, sphinx
        engines += [postgres.Engine(ctx), sqlite_fts5.Engine(ctx), sphinx.Engine(ctx)]
    rows = []
    for e in engines:
        measure(ctx, e, rows)
    versions = [e.version() for e in engines[1:]]
    cached_from = None
    peers_cache = os.path.join(args.work, PEERS_CACHE)
    if args.vigie_only:
        try:
            with open(peers_cache, encoding="utf-8") as fh:
                last = json.load(fh)
        except (OSError, ValueError):
            ctx.log("no peer figures in the cache yet (%s): run once without --vigie-only" % peers_cache)
        else:
            rows += [dict(r, cached=True) for r in last["rows"]]
            versions, cached_from = last["versions"], last["date"]
    date = time.strftime("%Y-%m-%d %H:%M")
    meta = {"date": date, "passages": len(ctx.coll.passages), "questions": len(ctx.coll.questions),
            "command": args.command, "commit": args.commit, "build": args.build,
            "vigie_command": " ".join(vigie.BASE_ARGS + engines[0].extra), "versions": versions,
            "vigie_only": args.vigie_only, "cached_from": cached_from, "cpus": os.cpu_count() or 0,
            "load_before": load_before, "load_after": os.getloadavg()[0],
            "wall_seconds": time.time() - t_start + args.elapsed_before}
    if not args.vigie_only:
        with open(peers_cache, "w", encoding="utf-8") as fh:
            json.dump({"date": date, "versions": versions, "rows": [r for r in rows if r["engine"] != "Vigie"]},
                      fh, indent=1, ensure_ascii=False)
    md = os.path.join(args.work, "piaf-eval.md")
    with open(md, "w", encoding="utf-8") as fh:
        fh.write(report.markdown(rows, meta))
    report.write_json(os.path.join(args.work, "piaf-eval.json"), rows, meta)
    sys.stdout.write(report.text(rows, meta))
    print("\nMarkdown: %s\nJSON: %s" % (md, os.path.join(args.work, "piaf-eval.json")))
    if args.save_to:
        os.makedirs(os.path.dirname(args.save_to), exist_ok=True)
        shutil.copyfile(md, args.save_to)
        print("Saved: %s" % args.save_to)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", required=True, help="folder with passages.jsonl and queries.jsonl")
    common.add_argument("--stopwords", required=True, help="Snowball French stop list")
    common.add_argument("--work", required=True, help="cache folder of the evaluation")
    common.add_argument("--sphinx-port", type=int, required=True)
    common.add_argument("--reload", action="store_true", help="rebuild the peers' databases")
    common.add_argument("--commit", default="unknown")

    p = sub.add_parser("sphinx-index", parents=[common])
    p.set_defaults(func=cmd_sphinx_index)

    p = sub.add_parser("run", parents=[common])
    p.add_argument("--vigie-index", required=True)
    p.add_argument("--vigie-search", required=True)
    p.add_argument("--vigie-args", default="", help="extra vigie-search arguments (shell words)")
    p.add_argument("--pg-host", help="PostgreSQL unix socket folder")
    p.add_argument("--pg-port", type=int)
    p.add_argument("--vigie-only", action="store_true", help="measure Vigie; read the peers back from the cache")
    p.add_argument("--save-to", help="also copy the Markdown table there")
    p.add_argument("--command", default="bench/eval/run.sh", help="the command, for the report")
    p.add_argument("--build", default="", help="when the Vigie binaries were built, for the report")
    p.add_argument("--elapsed-before", type=float, default=0.0, help="seconds run.sh spent before this step")
    p.set_defaults(func=cmd_run)

    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
