"""The PIAF test collection as the engines see it: passages, questions,
the two variants, the tokens of a question and the cache fingerprints."""
import hashlib
import json
import os
import re
import unicodedata


class Variant:
    def __init__(self, key, label, with_titles):
        self.key, self.label, self.with_titles = key, label, with_titles


VARIANTS = [Variant("titles", "with titles", True), Variant("notitles", "without titles", False)]


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class Collection:
    """passages: [{"id", "title", "text"}] in file order; questions: [{"qid",
    "query", "relevant"}]. Runs of white space in a question become one
    space, so that Vigie's --batch, which reads a question per line, gets
    the same text as the others (no question has a newline today)."""

    def __init__(self, passages_path, queries_path, stopwords_path):
        self.passages_path = passages_path
        self.passages = read_jsonl(passages_path)
        self.questions = read_jsonl(queries_path)
        for q in self.questions:
            q["query"] = " ".join(q["query"].split())
        self.stopwords = read_stopwords(stopwords_path)
        self.fingerprint = file_sha256(passages_path)


def read_stopwords(path):
    """Snowball list: one word at the start of a line, `|` starts a comment.
    Kept accent-folded, as FTS5 folds the words it compares them with."""
    words = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            w = line.split("|", 1)[0].strip()
            if w:
                words.add(fold(w))
    return words


def fold(word):
    """Lower case, accents removed (like unicode61 remove_diacritics 2)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


WORD_RE = re.compile(r"[^\W_]+")


def words(text):
    """Runs of letters and digits: the tokens of SQLite's unicode61 (an
    apostrophe or a hyphen separates, as there)."""
    return WORD_RE.findall(text)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(*parts):
    """What a cached database was built from: the passages' hash, the engine
    module's source, its settings. A change to any of them rebuilds it."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()[:16]


def source_of(module_file):
    with open(module_file, "rb") as fh:
        return fh.read()


def read_stamp(path):
    """The JSON stamp of a cached database, or None."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write_stamp(path, stamp):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(stamp, fh)
    os.replace(tmp, path)
