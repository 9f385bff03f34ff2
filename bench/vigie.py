"""Vigie (and the minimal Xapian indexer) as engines of bench/run.sh.

The same interface as the peers (see peers.py). Vigie is measured through
its commands, whatever build they come from: vigie-index builds, one
`vigie-search --batch --limit 10` process answers a whole pass (a line in,
a JSON line out, flushed per query, so each query is timed from outside as
for the peers; its own took_ms is kept too), and one `vigie-search --limit
10 QUERY` process is the cold single search.
"""
import json
import os
import shutil
import subprocess


def dir_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total


def has_option(binary, option):
    p = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return option in p.stdout.decode("utf-8", "replace")


class Vigie:
    name, label = "vigie", "Vigie"

    def __init__(self, args):
        self.index_bin, self.search_bin, self.db = args.index_bin, args.search_bin, args.db
        if args.engine == "vigie-baseline":
            self.name, self.label = "vigie-baseline", "Vigie (baseline)"
        self.nosnip = None
        self.stderr_log = os.path.join(args.log_dir, "%s-search.err" % self.name)

    def prepare(self):
        shutil.rmtree(self.db, ignore_errors=True)
        if os.path.exists(self.db + ".lock"):
            os.remove(self.db + ".lock")

    def build_argv(self, corpus_dir):
        return [self.index_bin, "--db", self.db, "--json", corpus_dir]

    def server_pid(self):
        return None

    def built(self, record, out):
        record["size_bytes"] = dir_bytes(self.db)
        try:
            summary = json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            summary = {}
        record["documents_indexed"] = summary.get("documents_in_index")
        record["compacted"] = summary.get("compacted")
        record["version"] = os.path.basename(self.index_bin)

    def supports_no_snippets(self):
        # vigie-search has no such option yet (SearchRequest::snippets exists
        # in the library): measured as soon as a build offers it.
        if self.nosnip is None:
            self.nosnip = has_option(self.search_bin, "--no-snippets")
        return self.nosnip

    def session(self, snippets):
        argv = [self.search_bin, "--db", self.db, "--batch", "--limit", "10"]
        if not snippets:
            argv.append("--no-snippets")
        return VigieSession(argv, self.stderr_log)

    def cold_argv(self, q):
        return [self.search_bin, "--db", self.db, "--limit", "10", q]


class VigieSession:
    def __init__(self, argv, stderr_log):
        # stderr to a file: notices there must never fill a pipe and stall the pass.
        self.err = open(stderr_log, "ab")
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err)
        self.answers = []

    def query(self, q, since=None, until=None):
        line = "%s date:%s..%s" % (q, since, until) if since else q
        self.p.stdin.write((line + "\n").encode())
        self.p.stdin.flush()
        answer = self.p.stdout.readline()
        if not answer:
            raise SystemExit("vigie-search --batch stopped answering (see %s)" % self.err.name)
        self.answers.append(answer)
        return None  # counted in close(), outside the timed part

    def close(self):
        self.p.stdin.close()
        self.p.wait()
        self.p.stdout.close()
        self.err.close()
        out = [json.loads(a) for a in self.answers]
        return {"hits": [len(o.get("hits") or []) for o in out],
                "took_ms": [o.get("took_ms") for o in out],
                "relaxed": sum(1 for o in out if o.get("relaxed")),
                "errors": sum(1 for o in out if o.get("error"))}


class MinimalIndexer:
    """bench-minimal-indexer (bench/minimal_indexer.cpp): builds only, and
    reads the seed .txt files, not JSON Lines."""
    name, label = "minimal", "minimal Xapian"
    reads = "txt"

    def __init__(self, args):
        self.bin, self.db = args.index_bin, args.db

    def prepare(self):
        shutil.rmtree(self.db, ignore_errors=True)

    def build_argv(self, corpus_dir):
        return [self.bin, "--db", self.db, corpus_dir]

    def server_pid(self):
        return None

    def built(self, record, out):
        record["size_bytes"] = dir_bytes(self.db)
        record["version"] = "bench-minimal-indexer"
