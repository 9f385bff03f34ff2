#!/usr/bin/env python3
"""How often "did you mean" gives back the word a typo came from.

Takes the most frequent words of 8 letters or more from a JSON Lines corpus
(one record in five, the "body" field), makes one typo of each (a letter
dropped, two neighbours swapped or a letter doubled, never the first, fixed
seed), asks `vigie-search --batch` for each typo alone, and counts, among
the typos that find nothing (the case "did you mean" is for), those that get
a suggestion and those whose suggestion is the original word (case and
accents aside; a plural for a singular counts as wrong).

    bench/eval/typos.py --db INDEX --corpus FILE.jsonl [--search BIN] [--words N]

The figures of docs/design.md come from the TV news index and
/tmp/vigie-bench/jsonl/tv-news-fr/tv-news-fr.jsonl (bench/run.sh makes both).
"""
import argparse
import collections
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüœ]+")


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


def frequent_words(corpus, count):
    words = collections.Counter()
    with open(corpus, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 5:
                continue
            for w in WORD.findall(json.loads(line).get("body", "").lower()):
                if len(w) >= 8:
                    words[w] += 1
    return [w for w, _ in words.most_common(count)]


def typo(word, rng):
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--corpus", required=True, help="JSON Lines with a body field")
    parser.add_argument("--search", default=str(Path(__file__).resolve().parents[2] / "build-release/searcher/vigie-search"))
    parser.add_argument("--words", type=int, default=400)
    args = parser.parse_args()

    rng = random.Random(20261201)
    words = frequent_words(args.corpus, 3000)
    rng.shuffle(words)
    pairs = [(w, t) for w in words[: args.words] for t in [typo(w, rng)] if t != w]
    run = subprocess.run([args.search, "--db", args.db, "--batch"], input="".join(t + "\n" for _, t in pairs),
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit("vigie-search failed: " + run.stderr)
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    unknown = [(w, a) for (w, _), a in zip(pairs, answers) if a.get("total") == 0]
    suggested = [(w, a) for w, a in unknown if a.get("suggestion")]
    right = [w for w, a in suggested if fold(a["suggestion"]) == fold(w)]
    print(f"{len(pairs)} typos, {len(unknown)} find nothing: {len(suggested)} get a suggestion, "
          f"{len(right)} the original word")


if __name__ == "__main__":
    main()
