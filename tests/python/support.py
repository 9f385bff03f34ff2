"""What the Python tests share: the built programs, an index of samples/
built once per test module, a vigie-serve started on a free port."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

INDEX_BIN = os.environ.get("VIGIE_INDEX_BIN", "")
SEARCH_BIN = os.environ.get("VIGIE_SEARCH_BIN", "")
SERVE_BIN = os.environ.get("VIGIE_SERVE_BIN", "")
SAMPLES = os.environ.get("VIGIE_SAMPLES_DIR", "")
ARTIFACTS = os.environ.get("VIGIE_ARTIFACTS_DIR", tempfile.gettempdir())

# Communiqués written to attack a page or a terminal: markup in the title
# and body, terminal escapes, a javascript: address.
HOSTILE = [
    {
        "id": "hostile-script",
        "date": "2022-03-15",
        "title": "<script>alert(1)</script> alerte \u001b[31mrouge\u001b[0m",
        "body": "Alerte zorglub : <img src=x onerror=alert(2)> et <b>gras</b> \u001b]0;titre\u0007 "
                "puis \u009b2J fin du communiqué zorglub.",
        "source": "<i>source</i>",
        "url": "javascript:alert(3)",
    },
    {
        "id": "hostile-link",
        "date": "2022-04-02",
        "title": "Zorglub encore \"quoted\" & 'apos'",
        "body": "Deuxième communiqué zorglub, avec un lien.",
        "url": "https://example.org/zorglub?a=1&b=<2>",
    },
]


def require_programs(*names):
    for name in names:
        path = {"index": INDEX_BIN, "search": SEARCH_BIN, "serve": SERVE_BIN}[name]
        if not path or not os.path.exists(path):
            raise unittest.SkipTest(f"vigie-{name} is not built (VIGIE_{name.upper()}_BIN)")


def build_index(folder, with_hostile=True):
    """Indexes samples/ (and the hostile records) into folder/samples.db."""
    db = os.path.join(folder, "samples.db")
    inputs = [SAMPLES]
    if with_hostile:
        hostile = os.path.join(folder, "hostile.jsonl")
        with open(hostile, "w", encoding="utf-8") as f:
            for record in HOSTILE:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        inputs.append(hostile)
    run = subprocess.run([INDEX_BIN, "--db", db, *inputs], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"vigie-index failed ({run.returncode}): {run.stderr}")
    return db


def search_json(db, *args):
    """vigie-search --format json's answer, parsed, without took_ms."""
    run = subprocess.run([SEARCH_BIN, "--db", db, "--format", "json", *args], capture_output=True)
    answer = json.loads(run.stdout)
    answer.pop("took_ms", None)
    return run.returncode, answer, run.stdout


class Server:
    """vigie-serve on a free port of 127.0.0.1, stopped at the end."""

    def __init__(self, db, *extra):
        self.process = subprocess.Popen([SERVE_BIN, "--db", db, "--listen", "127.0.0.1:0", *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if "listening on " not in line:
            self.process.kill()
            raise RuntimeError(f"vigie-serve did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.split("listening on ", 1)[1].split()[0]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        self.stderr = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        return code


class TempDir:
    def __init__(self, prefix):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def wait_for(predicate, seconds=10.0, step=0.05):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
