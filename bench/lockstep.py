#!/usr/bin/env python3
"""Asks one `vigie-search --batch` process the queries of a file one at a
time, each after the answer to the one before (as bench/run.sh's passes
do), and prints the wall time and the process's CPU time per query: what
a mode such as the second thread (docs/design.md, "--batch") costs in CPU
for what it saves in time. Several configurations given at once take turns,
pass by pass, and the medians are printed.

Usage: bench/lockstep.py [--passes N] QUERIES 'LABEL=BIN --db DB [ARGS...]' ...
  e.g. bench/lockstep.py ../shared/queries/tvnews-2w.txt \\
         'two=build-release/searcher/vigie-search --db tv.db' \\
         'one=build-release/searcher/vigie-search --db tv.db --threads 1'
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time


def one_pass(argv, queries):
    p = subprocess.Popen(argv + ["--batch", "--limit", "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for q in queries[:50]:  # warm-up, not timed
        p.stdin.write((q + "\n").encode())
        p.stdin.flush()
        p.stdout.readline()
    start = time.perf_counter()
    for q in queries:
        p.stdin.write((q + "\n").encode())
        p.stdin.flush()
        if not p.stdout.readline():
            raise SystemExit("%s stopped answering" % argv[0])
    wall = time.perf_counter() - start
    p.stdin.close()
    _, _, usage = os.wait4(p.pid, 0)
    return wall, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("queries")
    ap.add_argument("configs", nargs="+")
    args = ap.parse_args()
    with open(args.queries, encoding="utf-8") as f:
        queries = [line.rstrip("\n") for line in f if line.strip()]
    configs = [(c.split("=", 1)[0], shlex.split(c.split("=", 1)[1])) for c in args.configs]
    walls = {label: [] for label, _ in configs}
    cpus = {label: [] for label, _ in configs}
    for _ in range(args.passes):
        for label, argv in configs:
            wall, cpu = one_pass(argv, queries)
            walls[label].append(wall)
            # The warm-up's CPU is counted too: spread over the timed queries.
            cpus[label].append(cpu)
    n = len(queries)
    for label, _ in configs:
        print("%-12s wall %.3f ms/query (%.0f q/s), CPU %.3f ms/query, medians of %d passes" %
              (label, statistics.median(walls[label]) / n * 1000, n / statistics.median(walls[label]),
               statistics.median(cpus[label]) / (n + 50) * 1000, args.passes))


if __name__ == "__main__":
    main()
