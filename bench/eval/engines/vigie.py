"""Vigie: vigie-index on JSON Lines, then ONE `vigie-search --batch` process
answering every question (its start and index opening are in the time).
The index is rebuilt on every run: the binaries change between runs."""
import json
import os
import shlex
import shutil
import subprocess
import threading
import time

BASE_ARGS = ["--batch", "--match", "any", "--limit", "100", "--format", "json"]


class Engine:
    def __init__(self, ctx):
        self.ctx = ctx
        self.index_bin = ctx.args.vigie_index
        self.search_bin = ctx.args.vigie_search
        # Extra arguments from VIGIE_EVAL_ARGS, to compare settings.
        self.extra = shlex.split(ctx.args.vigie_args or "")
        self.rankers = [("Vigie", " ".join(BASE_ARGS[:3] + self.extra))]
        self.dir = os.path.join(ctx.work, "vigie")
        os.makedirs(self.dir, exist_ok=True)

    def db(self, variant):
        return os.path.join(self.dir, variant.key + ".db")

    def prepare(self, variant):
        """Writes the passages as vigie-index's JSON Lines (id, title, body;
        no title in the text-only variant, no date: PIAF has none) and
        indexes them into a fresh database."""
        src = os.path.join(self.dir, variant.key + ".jsonl")
        with open(src, "w", encoding="utf-8") as fh:
            for p in self.ctx.coll.passages:
                rec = {"id": p["id"], "body": p["text"]}
                if variant.with_titles:
                    rec["title"] = p["title"]
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        db = self.db(variant)
        shutil.rmtree(db, ignore_errors=True)
        out = os.path.join(self.ctx.logs, "vigie-index-%s.json" % variant.key)
        err = os.path.join(self.ctx.logs, "vigie-index-%s.err" % variant.key)
        t0 = time.perf_counter()
        with open(out, "w") as fo, open(err, "w") as fe:
            st = subprocess.run([self.index_bin, "--db", db, "--json", src], stdout=fo, stderr=fe).returncode
        seconds = time.perf_counter() - t0
        # Exit 1 only means records were skipped; the count below says
        # whether any passage was lost (a missing "date" is a mere warning).
        if st > 1:
            raise SystemExit("vigie-index failed (exit %d); see %s" % (st, err))
        with open(out) as fh:
            n = json.load(fh).get("documents_in_index")
        if n != len(self.ctx.coll.passages):
            raise SystemExit("vigie-index holds %s documents for %d passages; see %s"
                             % (n, len(self.ctx.coll.passages), err))
        return {"index_seconds": seconds, "cached": False}

    def search(self, variant, ranker):
        cmd = [self.search_bin, "--db", self.db(variant)] + BASE_ARGS + self.extra
        lines = [q["query"] + "\n" for q in self.ctx.coll.questions]
        err = open(os.path.join(self.ctx.logs, "vigie-search-%s.err" % variant.key), "w")
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)

        def feed():  # a thread, so that a full stdout pipe cannot block us
            p.stdin.write("".join(lines).encode("utf-8"))
            p.stdin.close()

        writer = threading.Thread(target=feed)
        writer.start()
        rankings, errors = [], 0
        for line in p.stdout:  # one JSON object per question, in order
            obj = json.loads(line)
            errors += "error" in obj
            rankings.append([h["id"] for h in obj.get("hits") or []])
        writer.join()
        st = p.wait()
        err.close()
        if st not in (0, 1):
            raise SystemExit("vigie-search --batch exited with %d; see %s" % (st, err.name))
        if len(rankings) != len(lines):
            raise SystemExit("vigie-search --batch answered %d lines for %d questions" % (len(rankings), len(lines)))
        if errors:
            self.ctx.log("Vigie %s: %d questions answered with an error" % (variant.label, errors))
        return rankings
