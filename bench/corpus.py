"""The benchmark corpora as JSON Lines, read the same way by every engine.

A prepared corpus is a folder of *.jsonl files (read in name order), one
record a line: {"id", "date", "title", "body"} (+ "source" for generated
corpora). Vigie indexes the folder itself; the peers' loaders read the same
records through read_docs(). The real corpora are converted from the seed
.txt files of prepare-corpora.sh (id = path relative to the seed folder,
title = first line after the date header, body = the rest), so the two
input forms hold the same documents.
"""
import json
import os
import re

HEADER_RE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s?")


def jsonl_files(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if f.endswith(".jsonl") and not f.startswith("."))


def read_docs(folder):
    """Yield (id, date, title, body) for every record of the corpus."""
    for path in jsonl_files(folder):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    yield r["id"], r.get("date"), r.get("title") or "", r.get("body") or ""


def walk_seed(root):
    """Yield (id, date, title, body) for every *.txt under root, sorted."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        paths.extend(os.path.join(dirpath, f) for f in filenames if f.endswith(".txt") and not f.startswith("."))
    for p in sorted(paths):
        with open(p, encoding="utf-8", errors="replace") as fh:
            content = fh.read()
        date = None
        m = HEADER_RE.match(content)
        if m:
            date, content = m.group(1), content[m.end():]
        title, _, body = content.partition("\n")
        yield os.path.relpath(p, root), date, title.strip(), body.strip()


def seed_to_jsonl(seed_dir, out_file):
    """Write the seed .txt files of a corpus as one JSON Lines file."""
    n = 0
    with open(out_file, "w", encoding="utf-8", newline="\n") as out:
        for doc_id, date, title, body in walk_seed(seed_dir):
            out.write(json.dumps({"id": doc_id, "date": date, "title": title, "body": body}, ensure_ascii=False) + "\n")
            n += 1
    return n


def stats(folder):
    """Documents, text bytes (UTF-8 title + body: the MB/s base) and file bytes."""
    docs = text = 0
    for _, _, title, body in read_docs(folder):
        docs += 1
        text += len(title.encode()) + len(body.encode())
    files = sum(os.path.getsize(p) for p in jsonl_files(folder))
    return {"documents": docs, "text_bytes": text, "file_bytes": files}
