"""The vigie Python module: the same answers as vigie-search for the same
options, hits as objects with the JSON's keys, count, explain, document,
indexing files and records, errors by exit code, threads."""

import json
import os
import subprocess
import sys
import threading
import time
import unittest

import support

import vigie

HIT_KEYS = ["copies", "cves", "date", "date_precision", "highlights", "id", "partial", "path", "rank", "refs",
            "score", "snippet", "source", "title", "url"]


def as_json_value(value):
    """An attribute as its JSON value (objects by their attributes)."""
    if isinstance(value, list):
        return [as_json_value(v) for v in value]
    if isinstance(value, vigie.Copy):
        return {"id": value.id, "date": value.date}
    return value


class ModuleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.require_programs("index", "search")
        cls.tmp = support.TempDir("vigie-python-")
        cls.db = support.build_index(cls.tmp.path)
        cls.searcher = vigie.Searcher(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.searcher.close()
        cls.tmp.cleanup()

    def compare(self, kwargs, args):
        result = self.searcher.search(**kwargs)
        code, expected, raw = support.search_json(self.db, *args)
        mine = result.to_dict()
        self.assertIsInstance(mine.pop("took_ms"), float)
        self.assertEqual(mine, expected, f"{kwargs} vs {args}")
        # json() is vigie-search's text, but for the time.
        text = json.loads(result.json())
        text.pop("took_ms")
        self.assertEqual(text, expected)
        # The attributes are the JSON's keys and values.
        # Without snippets, the JSON's hits have no snippet keys.
        snippets = kwargs.get("snippets", True)
        keys = HIT_KEYS if snippets else [k for k in HIT_KEYS if k not in ("snippet", "highlights")]
        for hit, hit_json in zip(result.hits, expected["hits"]):
            self.assertEqual(sorted(hit_json), keys)
            for key in keys:
                self.assertEqual(as_json_value(getattr(hit, key)), hit_json[key], key)
            if snippets:
                self.assertEqual(hit.to_dict(), hit_json)
        for key in ["total", "total_exact", "relaxed", "notices", "query"]:
            self.assertEqual(getattr(result, key), expected[key], key)
        self.assertEqual(len(result), len(expected["hits"]))
        return result, expected

    def test_search_options_are_those_of_the_command(self):
        cases = [
            ({"query": "hopitaux"}, ["hopitaux"]),
            ({"query": "l'alliance militaire", "limit": 3}, ["l'alliance militaire", "--limit", "3"]),
            ({"query": "hopitaux", "since": "2020-03", "until": "2020-12", "sort": "newest"},
             ["hopitaux", "--since", "2020-03", "--until", "2020-12", "--sort", "newest"]),
            ({"query": "cyberattaques", "sort": "oldest", "limit": 2, "offset": 1},
             ["cyberattaques", "--sort", "oldest", "--limit", "2", "--offset", "1"]),
            ({"query": "alliance militaire", "match": "any"}, ["alliance militaire", "--match", "any"]),
            ({"query": "alliance militaire", "match": "all"}, ["alliance militaire", "--match", "all"]),
            ({"query": "crues", "snippets": False}, ["crues", "--no-snippets"]),
            ({"query": "canicule", "snippet_length": 40}, ["canicule", "--snippet-length", "40"]),
            ({"query": "crues Pas-de-Calais", "collapse": False}, ["crues Pas-de-Calais", "--no-collapse"]),
            ({"like": "certfr-alerte-exchange-2021-03-03", "limit": 3},
             ["--like", "certfr-alerte-exchange-2021-03-03", "--limit", "3"]),
            ({"query": "zorglub"}, ["zorglub"]),
            ({"query": "introuvablexyz"}, ["introuvablexyz"]),
            ({"since": "2021", "until": "2021", "limit": 2}, ["--since", "2021", "--until", "2021", "--limit", "2"]),
            ({"query": "alerte", "sort": "recent"}, ["alerte", "--sort", "recent"]),
            ({"query": "microsfot"}, ["microsfot"]),
            ({"query": "microsfot", "suggest": "never"}, ["microsfot", "--suggest", "never"]),
            ({"query": "rançongiciel", "synonyms": False}, ["rançongiciel", "--no-synonyms"]),
        ]
        for kwargs, args in cases:
            with self.subTest(kwargs=kwargs):
                result, expected = self.compare(kwargs, args)
                self.assertEqual(result.suggestion, expected.get("suggestion"))

    def test_timeline_and_facets(self):
        result, expected = self.compare({"query": "cyberattaques", "timeline": "month", "limit": 0},
                                        ["cyberattaques", "--timeline", "month", "--limit", "0"])
        t = result.timeline
        self.assertEqual(t.unit, "month")
        self.assertEqual([(p.period, p.count) for p in t.periods],
                         [(p["period"], p["count"]) for p in expected["timeline"]["periods"]])
        self.assertEqual((t.undated, t.coarser), (expected["timeline"]["undated"], expected["timeline"]["coarser"]))
        self.assertIsNone(self.searcher.search("cyberattaques").timeline)
        result, expected = self.compare({"query": "vulnérabilités", "facets": ["cve", "year"], "facet_limit": 3},
                                        ["vulnérabilités", "--facet", "cve", "--facet", "year", "--facet-limit", "3"])
        self.assertEqual(sorted(result.facets), ["cve", "year"])
        for name, values in result.facets.items():
            self.assertEqual([(v.value, v.count) for v in values],
                             [(v["value"], v["count"]) for v in expected["facets"][name]])

    def test_count_explain_document(self):
        for query, args in [("hopitaux", []), ("alliance militaire", ["--match", "any"])]:
            kwargs = {"match": "any"} if args else {}
            run = subprocess.run([support.SEARCH_BIN, "--db", self.db, "--count", query, *args],
                                 capture_output=True, text=True)
            self.assertEqual(self.searcher.count(query, **kwargs), int(run.stdout))
        self.assertEqual(self.searcher.count("hopitaux", since="2021"),
                         int(subprocess.run([support.SEARCH_BIN, "--db", self.db, "--count", "hopitaux", "--since",
                                             "2021"], capture_output=True, text=True).stdout))
        e = self.searcher.explain("l'alliance date:2020")
        run = subprocess.run([support.SEARCH_BIN, "--db", self.db, "--explain", "--format", "json", "l'alliance date:2020"],
                             capture_output=True, text=True)
        self.assertEqual(e.to_dict(), json.loads(run.stdout))
        self.assertEqual(e.rewritten, json.loads(run.stdout)["rewritten"])
        self.assertEqual(e.xapian_query, json.loads(run.stdout)["xapian_query"])
        d = self.searcher.document("certfr-avis-cms-2020-01-02")
        run = subprocess.run([support.SEARCH_BIN, "--db", self.db, "--show", "certfr-avis-cms-2020-01-02",
                              "--format", "json"], capture_output=True, text=True)
        self.assertEqual(d.to_dict(), json.loads(run.stdout))
        self.assertEqual(d.date_precision, "day")
        self.assertIn("CERTFR-2020-AVI-001", d.refs)
        self.assertGreater(self.searcher.document_count, 40)
        self.assertIn("cve", vigie.Searcher.facet_names)

    def test_errors_carry_the_exit_code(self):
        cases = [
            (lambda: vigie.Searcher(os.path.join(self.tmp.path, "nothing.db")), vigie.IndexMissingError, 3),
            (lambda: self.searcher.search("x", since="2020-13"), vigie.UsageError, 2),
            (lambda: self.searcher.search("x", until="hier"), vigie.UsageError, 2),
            (lambda: self.searcher.search("x", sort="random"), vigie.UsageError, 2),
            (lambda: self.searcher.search("x", match="some"), vigie.UsageError, 2),
            (lambda: self.searcher.search("x", timeline="week"), vigie.UsageError, 2),
            (lambda: self.searcher.search("x", facets=["author"]), vigie.UsageError, 2),
            (lambda: self.searcher.search(like="no-such-id"), vigie.UsageError, 2),
            (lambda: self.searcher.search("   "), vigie.UsageError, 2),
            (lambda: self.searcher.document("no-such-id"), vigie.UsageError, 2),
            (lambda: vigie.index(self.tmp.path, [support.SAMPLES]), vigie.UsageError, 2),  # not an index folder
        ]
        for call, kind, code in cases:
            with self.subTest(kind=kind.__name__, code=code):
                with self.assertRaises(kind) as caught:
                    call()
                self.assertIsInstance(caught.exception, vigie.Error)
                self.assertEqual(caught.exception.exit_code, code)
                self.assertTrue(str(caught.exception))
        with self.assertRaises(vigie.IndexMissingError) as caught:
            vigie.Searcher(os.path.join(self.tmp.path, "nothing.db"))
        self.assertIn("vigie-index", caught.exception.hint)
        for name, code in [("Error", 2), ("UsageError", 2), ("IndexMissingError", 3), ("IndexLockedError", 4),
                           ("IndexIncompatibleError", 5), ("Interrupted", 130)]:
            self.assertTrue(issubclass(getattr(vigie, name), vigie.Error))
            self.assertTrue(issubclass(getattr(vigie, name), Exception))
            self.assertEqual(getattr(vigie, name).exit_code, code)

    def test_a_locked_index_is_exit_code_4(self):
        db = os.path.join(self.tmp.path, "locked.db")
        vigie.index_records(db, [{"id": "x", "body": "premier"}])
        # vigie-index takes the lock <db>.lock with flock: hold it as it does.
        import fcntl
        with open(db + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            with self.assertRaises(vigie.IndexLockedError) as caught:
                vigie.index_records(db, [{"id": "y", "body": "second"}])
            self.assertEqual(caught.exception.exit_code, 4)

    def test_indexing_files_and_records(self):
        db = os.path.join(self.tmp.path, "made.db")
        summary = vigie.index(db, [os.path.join(support.SAMPLES, "otan-cyberattaques-2020-06.txt"),
                                   os.path.join(support.SAMPLES, "meteo-neige-2020-13.txt")])
        self.assertEqual(summary.indexed, 2)
        self.assertEqual(summary.files, 2)
        self.assertTrue(any("2020-13" in d.message or "date" in d.message for d in summary.diagnostics),
                        summary.diagnostics)
        self.assertEqual(summary.to_dict()["indexed"], 2)
        import pathlib
        again = vigie.index(pathlib.Path(db), pathlib.Path(support.SAMPLES, "otan-cyberattaques-2020-06.txt"))
        self.assertEqual((again.indexed, again.unchanged), (0, 1))
        records = [
            {"id": "rec-1", "date": "2024-05-01", "title": "Crue de la Loire", "body": "La Loire déborde à Orléans."},
            json.dumps({"id": "rec-2", "date": "2024-05-02", "text": "Seconde crue de la Loire, à Blois."}),
            {"id": "rec-3", "body": "x" * 50, "date": "2024-13"},  # an impossible date: indexed without one
            {"title": "no body at all"},
        ]
        summary = vigie.index_records(db, records)
        self.assertEqual(summary.indexed, 3, summary.diagnostics)
        self.assertEqual(summary.skipped, 1)
        self.assertEqual(len(summary.skipped_inputs), 1)
        self.assertIn("<stdin>", summary.skipped_inputs[0].location)
        with vigie.Searcher(db) as s:
            result = s.search("loire", sort="oldest")
            self.assertEqual([h.id for h in result.hits], ["rec-1", "rec-2"])
            self.assertIsNone(result.hits[0].path)
            self.assertEqual(s.document("rec-1").title, "Crue de la Loire")
        # A known id replaces the old record.
        summary = vigie.index_records(db, [{"id": "rec-1", "date": "2024-05-01", "body": "La Seine, cette fois."}])
        self.assertEqual((summary.indexed, summary.updated), (0, 1))
        with vigie.Searcher(db) as s:
            self.assertEqual([h.id for h in s.search("loire").hits], ["rec-2"])
            self.assertEqual([h.id for h in s.search("seine").hits], ["rec-1"])
        # A record Python cannot write as JSON raises its error.
        with self.assertRaises(TypeError):
            vigie.index_records(db, [{"id": "ok-1", "body": "avant"}, {"id": "bad", "body": object()}])
        with self.assertRaises(ValueError):
            vigie.index_records(db, ['{"id": "two"}\n{"id": "lines"}'])
        # Many records through the pipe, streamed from a generator.
        many = ({"id": f"bulk-{i}", "date": "2023-01-01", "body": f"communiqué numéro {i} " + "mot " * 200}
                for i in range(3000))
        summary = vigie.index_records(db, many, batch_size=500)
        self.assertEqual(summary.indexed, 3000)
        with vigie.Searcher(db) as s:
            self.assertEqual(s.count("numéro"), 3000)

    def test_ctrl_c_stops_an_indexing_run_after_committing(self):
        db = os.path.join(self.tmp.path, "interrupted.db")
        script = f"""
import os, signal, threading, vigie
records = ({{"id": f"r{{i}}", "date": "2023-01-01", "body": f"mot{{i}} " + "texte de remplissage " * 300}}
           for i in range(40000))
threading.Timer(1.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    vigie.index_records({db!r}, records, batch_size=500, threads=1)
    print("finished")
except KeyboardInterrupt:
    print("interrupted", vigie.Searcher({db!r}).document_count)
"""
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ))
        self.assertEqual(run.returncode, 0, run.stderr)
        words = run.stdout.split()
        self.assertEqual(words[0], "interrupted", run.stdout)
        self.assertLess(int(words[1]), 40000)  # what was committed is there

    def test_a_searcher_sees_the_last_commit(self):
        db = os.path.join(self.tmp.path, "live.db")
        vigie.index_records(db, [{"id": "a", "body": "blaireaux des champs"}])
        s = vigie.Searcher(db)
        self.assertEqual(s.count("blaireaux"), 1)
        vigie.index_records(db, [{"id": "b", "body": "blaireaux des bois"}])
        self.assertEqual(s.count("blaireaux"), 2)
        s.close()
        with self.assertRaises(vigie.Error):
            s.search("blaireaux")

    def test_several_indexes_as_one(self):
        a = os.path.join(self.tmp.path, "a.db")
        b = os.path.join(self.tmp.path, "b.db")
        vigie.index_records(a, [{"id": "a1", "date": "2020-01-01", "body": "marmottes du Jura"}])
        vigie.index_records(b, [{"id": "b1", "date": "2021-01-01", "body": "marmottes des Alpes"}])
        import pathlib
        with vigie.Searcher([pathlib.Path(a), b]) as s:  # str or os.PathLike
            self.assertEqual(sorted(h.id for h in s.search("marmottes").hits), ["a1", "b1"])
            self.assertEqual(s.document_count, 2)

    def test_one_searcher_per_thread(self):
        queries = ["hopitaux", "cyberattaques", "canicule", "l'alliance", "crues", "vulnérabilités", "otan",
                   "sécurité"]
        expected = {q: self.searcher.search(q, limit=5, timeline="year").to_dict() for q in queries}
        for answer in expected.values():
            answer.pop("took_ms")
        failures = []

        def work(n):
            try:
                with vigie.Searcher(self.db) as mine:
                    for i in range(40):
                        q = queries[(n + i) % len(queries)]
                        got = mine.search(q, limit=5, timeline="year").to_dict()
                        got.pop("took_ms")
                        if got != expected[q]:
                            failures.append((n, q))
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append((n, repr(e)))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])

        # One searcher shared by threads answers them one at a time, safely.
        def shared(n):
            try:
                for i in range(20):
                    q = queries[(n + i) % len(queries)]
                    got = self.searcher.search(q, limit=5, timeline="year").to_dict()
                    got.pop("took_ms")
                    if got != expected[q]:
                        failures.append(("shared", n, q))
            except Exception as e:  # noqa: BLE001
                failures.append(("shared", n, repr(e)))

        threads = [threading.Thread(target=shared, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])

    def test_searches_release_the_gil(self):
        # With a 10 s switch interval, the main thread runs while the worker
        # searches only if the search lets go of the GIL.
        previous = sys.getswitchinterval()
        sys.setswitchinterval(10)
        try:
            done = threading.Event()
            ticks = [0]

            def worker():
                with vigie.Searcher(self.db) as mine:
                    for _ in range(200):
                        mine.search("sécurité OR hopitaux OR crues", limit=20)
                done.set()

            t = threading.Thread(target=worker)
            t.start()
            while not done.is_set():
                ticks[0] += 1
                time.sleep(0.0002)  # gives the GIL up; the worker takes it back between searches
            t.join()
        finally:
            sys.setswitchinterval(previous)
        self.assertGreater(ticks[0], 50)


class InstallTest(unittest.TestCase):
    def test_cmake_install_puts_it_where_debian_python_finds_it(self):
        import glob
        import tempfile
        build, cmake = os.environ.get("VIGIE_BUILD_DIR"), os.environ.get("VIGIE_CMAKE")
        if not build or not cmake:
            self.skipTest("VIGIE_BUILD_DIR and VIGIE_CMAKE are set by CTest")
        with tempfile.TemporaryDirectory(prefix="vigie-install-") as prefix:
            subprocess.run([cmake, "--install", build, "--prefix", prefix], check=True, capture_output=True)
            found = glob.glob(os.path.join(prefix, "lib/python3/dist-packages/vigie*.so"))
            self.assertEqual(len(found), 1, os.listdir(prefix))
            # Installed under /usr, that folder is on Debian's python3 path.
            if os.path.exists("/usr/bin/python3"):
                path = subprocess.run(["/usr/bin/python3", "-c", "import sys; print(sys.path)"],
                                      capture_output=True, text=True, env={}).stdout
                self.assertIn("/usr/lib/python3/dist-packages", path)
            env = {"PYTHONPATH": os.path.dirname(found[0]), "PATH": os.environ.get("PATH", "")}
            run = subprocess.run([sys.executable, "-c", "import vigie, sys; print(vigie.__file__); "
                                  "print(vigie.Searcher(sys.argv[1]).count('hopitaux'))",
                                  support.build_index(prefix, with_hostile=False)],
                                 capture_output=True, text=True, env=env)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertTrue(run.stdout.startswith(prefix), run.stdout)
            self.assertGreater(int(run.stdout.split()[-1]), 0)


if __name__ == "__main__":
    unittest.main()
