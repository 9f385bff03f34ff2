#!/usr/bin/env python3
"""Generate a large synthetic corpus of French communiqués from the real ones.

Every generated communiqué takes the title of one real document and a body
recombined from sentences (tv-news-fr) or paragraphs (certfr-avis) drawn from
random documents of the same corpus, as long as the body of another random
real document, so that lengths follow the real distribution. Ids are new
(gen-0000001...), dates are spread uniformly over 20 years (2006-2025) and
written in date order, as an archive grows. The same seed, count and shared
corpora give the same output, byte for byte.

Output: one JSON Lines file per 100,000 documents, part-000.jsonl, ...,
each line {"id", "date", "title", "body", "source"} (source = the corpus the
title and body come from), so that Vigie and the peers read the same records.
About 1.4 KB per document: 1,000,000 documents make about 1.4 GB.

Usage: gen_corpus.py OUT_DIR [--count N] [--seed S] [--shared DIR]
Python 3 standard library only; reads the .jsonl.xz files of the shared
corpora through their own converters (same cleaning as the seed files).
"""
import argparse
import datetime
import importlib.util
import json
import lzma
import os
import random
import re
import shutil
import sys
import time

PER_FILE = 100_000
FIRST_DAY = datetime.date(2006, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
# A sentence ends at . ! ? or … followed by a space, or glued to the next
# capital (the tv-news descriptions glue paragraphs: "surveillance.La météo").
SENTENCE_END = re.compile(r"(?<=[.!?…])(?:\s+|(?=[A-ZÀ-Ý«\"]))")


def load_converter(shared, corpus):
    """The shared corpus's own to_seed_format.py, imported as a module."""
    path = os.path.join(shared, "corpora", corpus, "to_seed_format.py")
    spec = importlib.util.spec_from_file_location("conv_" + corpus.replace("-", "_"), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_tv_news(shared):
    """(titles, sentences, body lengths) of tv-news-fr, duplicates by url skipped."""
    conv = load_converter(shared, "tv-news-fr")
    titles, units, lengths, seen = [], [], [], set()
    with lzma.open(conv.DEFAULT_INPUT, "rt", encoding="utf-8") as src:
        for line in src:
            rec = json.loads(line)
            url = rec.get("url") or ""
            if url in seen:
                continue
            seen.add(url)
            title = conv.clean(rec.get("title")).replace("\n", " ")
            body = conv.clean(rec.get("description")).replace("\n", " ")
            if not title or not body:
                continue
            titles.append(title)
            lengths.append(len(body))
            units.extend(s for s in SENTENCE_END.split(body) if len(s) > 1)
    return titles, units, lengths


def read_certfr(shared):
    """(titles, paragraphs, body lengths) of certfr-avis."""
    conv = load_converter(shared, "certfr-avis")
    titles, units, lengths = [], [], []
    with lzma.open(conv.DEFAULT_INPUT, "rt", encoding="utf-8") as src:
        for line in src:
            rec = json.loads(line)
            title, body = conv.build_body(rec)
            # build_body starts the body with the title; the title is a field here.
            paras = body.split("\n")[1:]
            if not title or not paras:
                continue
            titles.append(title)
            lengths.append(sum(len(p) + 1 for p in paras))
            units.extend(paras)
    return titles, units, lengths


class Source:
    def __init__(self, name, titles, units, lengths, joiner):
        self.name, self.titles, self.units, self.lengths, self.joiner = name, titles, units, lengths, joiner

    def document(self, rng):
        target = rng.choice(self.lengths)
        parts, size = [], 0
        while True:
            u = rng.choice(self.units)
            # Stop where the body comes closest to the target length.
            if parts and size + len(u) / 2 > target:
                break
            parts.append(u)
            size += len(u) + 1
        return rng.choice(self.titles), self.joiner(parts, rng)


def tv_paragraphs(sentences, rng):
    """Sentences grouped into paragraphs of 2 to 5."""
    out, i = [], 0
    while i < len(sentences):
        n = rng.randint(2, 5)
        out.append(" ".join(sentences[i:i + n]))
        i += n
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--count", type=int, default=1_000_000, help="documents to write (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--shared", default=os.environ.get("VIGIE_SHARED_DIR") or
                    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be at least 1")
    if not os.path.isdir(os.path.join(args.shared, "corpora")):
        sys.exit("gen_corpus: shared corpora not found in %s (set VIGIE_SHARED_DIR or --shared)" % args.shared)

    t0 = time.time()
    sources = [Source("tv-news-fr", *read_tv_news(args.shared), tv_paragraphs),
               Source("certfr-avis", *read_certfr(args.shared), lambda parts, rng: "\n".join(parts))]
    # A generated document comes from a corpus in proportion to its size.
    weights = [len(s.titles) for s in sources]
    print("gen_corpus: read %s in %.0f s" % (", ".join("%s (%d documents, %d units)" % (s.name, len(s.titles), len(s.units))
                                                      for s in sources), time.time() - t0), file=sys.stderr)

    rng = random.Random(args.seed)
    span = (LAST_DAY - FIRST_DAY).days + 1
    days = sorted(rng.randrange(span) for _ in range(args.count))

    tmp = args.out_dir.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    out = None
    text_bytes = 0
    for i, day in enumerate(days):
        if i % PER_FILE == 0:
            if out:
                out.close()
            out = open(os.path.join(tmp, "part-%03d.jsonl" % (i // PER_FILE)), "w", encoding="utf-8", newline="\n")
        src = rng.choices(sources, weights)[0]
        title, body = src.document(rng)
        date = (FIRST_DAY + datetime.timedelta(days=day)).isoformat()
        out.write(json.dumps({"id": "gen-%07d" % (i + 1), "date": date, "title": title, "body": body,
                              "source": src.name}, ensure_ascii=False) + "\n")
        text_bytes += len(title.encode()) + len(body.encode())
    out.close()
    files = sorted(os.listdir(tmp))
    file_bytes = sum(os.path.getsize(os.path.join(tmp, f)) for f in files)
    shutil.rmtree(args.out_dir, ignore_errors=True)
    os.rename(tmp, args.out_dir)
    summary = {"documents": args.count, "files": len(files), "file_bytes": file_bytes, "text_bytes": text_bytes,
               "seed": args.seed, "seconds": round(time.time() - t0, 1)}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
