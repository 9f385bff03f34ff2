#!/usr/bin/env python3
"""Builds one corpus with variants of vigie-index, alternating them, and
prints wall and CPU time, peak memory and bytes written of each build.

The variants are batch sizes (--batch-size) and allocators preloaded with
LD_PRELOAD: give it a vigie-index built with -DVIGIE_JEMALLOC=OFF to compare
glibc's allocator with jemalloc and tcmalloc. Measured as bench/run.sh
measures (bench/measure.py). Example, as in docs/design.md:

  cmake -S . -B build-glibc -DCMAKE_BUILD_TYPE=Release -DVIGIE_JEMALLOC=OFF -DVIGIE_BUILD_TESTS=OFF
  make -C build-glibc -j2 vigie-index
  bench/index-variants.py --index build-glibc/indexer/vigie-index \\
      --corpus /tmp/vigie-bench/jsonl/gen-100k --allocators glibc,jemalloc,tcmalloc --rounds 2
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402

LIBDIR = "/usr/lib/x86_64-linux-gnu"
ALLOCATORS = {"glibc": None, "jemalloc": LIBDIR + "/libjemalloc.so.2",
              "tcmalloc": LIBDIR + "/libtcmalloc_minimal.so.4"}
FIELDS = ("wall_seconds", "user_seconds", "sys_seconds", "peak_rss_mib", "write_bytes")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True, help="the vigie-index binary")
    ap.add_argument("--corpus", required=True, help="a file or folder vigie-index reads")
    ap.add_argument("--batch-sizes", default="2000", help="comma-separated --batch-size values")
    ap.add_argument("--allocators", default="glibc", help="among " + ",".join(ALLOCATORS))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", help="scratch folder for the indexes (default: a temporary one)")
    args = ap.parse_args()
    variants = [(a, int(b)) for a in args.allocators.split(",") for b in args.batch_sizes.split(",")]
    for a, _ in variants:
        if a not in ALLOCATORS:
            sys.exit("index-variants: unknown allocator %r (%s)" % (a, ", ".join(ALLOCATORS)))
        if ALLOCATORS[a] and not os.path.exists(ALLOCATORS[a]):
            sys.exit("index-variants: %s is not installed (%s)" % (a, ALLOCATORS[a]))
    work = args.work or tempfile.mkdtemp(prefix="vigie-variants-")
    results = {v: [] for v in variants}
    for r in range(args.rounds):
        for allocator, batch in variants:
            db = os.path.join(work, "v.db")
            shutil.rmtree(db, ignore_errors=True)
            env = dict(os.environ)
            if ALLOCATORS[allocator]:
                env["LD_PRELOAD"] = ALLOCATORS[allocator]
            m = measure.run_measured([args.index, "--db", db, "--batch-size", str(batch), "-q", args.corpus],
                                     subprocess.DEVNULL, subprocess.PIPE, env=env)
            if m["exit_status"] not in (0, 1):
                sys.exit("index-variants: vigie-index failed (exit %s)" % m["exit_status"])
            m["size_bytes"] = sum(os.path.getsize(os.path.join(db, f)) for f in os.listdir(db))
            results[(allocator, batch)].append(m)
            print("round %d  %-8s batch %-6d %s  size %d  others %s%%" % (
                r + 1, allocator, batch, "  ".join("%s %s" % (f, m[f]) for f in FIELDS), m["size_bytes"],
                m["others_cpu_percent"]), flush=True)
    print("\nmedians of %d rounds" % args.rounds)
    print("| allocator | batch | wall s | user s | sys s | peak RSS MiB | written MiB | written / size |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for (allocator, batch), ms in results.items():
        med = {f: statistics.median(m[f] for m in ms) for f in FIELDS + ("size_bytes",)}
        print("| %s | %d | %.1f | %.1f | %.1f | %.0f | %.0f | %.1f |" % (
            allocator, batch, med["wall_seconds"], med["user_seconds"], med["sys_seconds"], med["peak_rss_mib"],
            med["write_bytes"] / 2**20, med["write_bytes"] / med["size_bytes"]))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
