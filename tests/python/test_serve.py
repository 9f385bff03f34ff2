"""vigie-serve: the API answers vigie-search's JSON, bad requests get a 400,
no path but the page is served, concurrent requests are all answered, and
SIGINT/SIGTERM stop it cleanly."""

import concurrent.futures
import http.client
import json
import re
import signal
import socket
import unittest
import urllib.error
import urllib.parse
import urllib.request

import support


def get(server, target, headers=None):
    """(status, headers, body) of GET target, sent as written (no quoting)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_host=bool(headers and "Host" in headers))
        for k, v in (headers or {}).items():
            connection.putheader(k, v)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def api(server, **params):
    status, headers, body = get(server, "/api/search?" + urllib.parse.urlencode(params, doseq=True))
    return status, headers, body


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.require_programs("index", "search", "serve")
        cls.tmp = support.TempDir("vigie-serve-test-")
        cls.db = support.build_index(cls.tmp.path)
        cls.server = support.Server(cls.db)

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        cls.tmp.cleanup()
        assert code == 0, f"vigie-serve exited {code}"

    def same_as_search(self, params, args):
        status, headers, body = api(self.server, **params)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        served = json.loads(body)
        self.assertIsInstance(served.pop("took_ms"), float)
        _, expected, raw = support.search_json(self.db, *args)
        self.assertEqual(served, expected, f"{params} vs {args}")
        # Byte for byte, but for the time taken.
        strip = lambda text: re.sub(rb'"took_ms": [0-9.e+-]+', b'"took_ms": 0', text)
        self.assertEqual(strip(body), strip(raw), f"{params} vs {args}")
        return served

    def test_answers_are_those_of_vigie_search(self):
        cases = [
            ({"q": "hopitaux"}, ["hopitaux"]),
            ({"q": "l'alliance militaire", "limit": 3}, ["l'alliance militaire", "--limit", "3"]),
            ({"q": "hopitaux", "since": "2020-03", "until": "2020-12", "sort": "newest"},
             ["hopitaux", "--since", "2020-03", "--until", "2020-12", "--sort", "newest"]),
            ({"q": "cyberattaques", "sort": "oldest", "limit": 2, "offset": 1},
             ["cyberattaques", "--sort", "oldest", "--limit", "2", "--offset", "1"]),
            ({"q": "alliance militaire", "match": "any"}, ["alliance militaire", "--match", "any"]),
            ({"q": "cyberattaques", "timeline": "month", "limit": 0},
             ["cyberattaques", "--timeline", "month", "--limit", "0"]),
            ({"q": "vulnérabilités", "facet": ["cve", "year"], "facet_limit": 3},
             ["vulnérabilités", "--facet", "cve", "--facet", "year", "--facet-limit", "3"]),
            ({"like": "certfr-alerte-exchange-2021-03-03", "limit": 3},
             ["--like", "certfr-alerte-exchange-2021-03-03", "--limit", "3"]),
            ({"q": "crues Pas-de-Calais", "collapse": 0}, ["crues", "Pas-de-Calais", "--no-collapse"]),
            ({"q": "crues", "snippets": 0}, ["crues", "--no-snippets"]),
            ({"q": "canicule", "snippet_length": 40}, ["canicule", "--snippet-length", "40"]),
            ({"q": "zorglub"}, ["zorglub"]),
            ({"q": "introuvablexyz"}, ["introuvablexyz"]),
            ({"since": "2021", "until": "2021", "limit": 2}, ["--since", "2021", "--until", "2021", "--limit", "2"]),
            ({"q": '"vigilance orange" date:2019..2020'}, ['"vigilance orange" date:2019..2020']),
        ]
        for params, args in cases:
            with self.subTest(params=params):
                self.same_as_search(params, args)

    def test_hostile_text_stays_escaped_in_json(self):
        served = self.same_as_search({"q": "zorglub"}, ["zorglub"])
        titles = [h["title"] for h in served["hits"]]
        self.assertIn("<script>alert(1)</script> alerte \u001b[31mrouge\u001b[0m", titles)
        status, _, body = api(self.server, q="zorglub")
        self.assertNotIn(b"\x1b", body)  # escaped as \u001b
        self.assertIn(b"\\u001b", body)

    def test_bad_requests_get_400_with_a_json_error(self):
        bad = [
            {"q": "x", "since": "2020-13"},
            {"q": "x", "until": "hier"},
            {"q": "x", "sort": "random"},
            {"q": "x", "match": "some"},
            {"q": "x", "limit": "-1"},
            {"q": "x", "limit": "ten"},
            {"q": "x", "limit": "100000"},
            {"q": "x", "offset": "99999999999"},
            {"q": "x", "timeline": "week"},
            {"q": "x", "facet": "author"},
            {"q": "x", "collapse": "maybe"},
            {"q": "x", "bogus": "1"},
            {"q": "x", "snippet_length": "5"},
            {"like": "no-such-communique"},
            {"q": ""},
            {},
            {"q": "x" * 4001},
        ]
        for params in bad:
            with self.subTest(params={k: v[:40] for k, v in params.items()}):
                status, headers, body = api(self.server, **params)
                self.assertEqual(status, 400, body)
                self.assertTrue(headers["Content-Type"].startswith("application/json"))
                error = json.loads(body)
                self.assertIsInstance(error["error"], str)
                self.assertTrue(error["error"])
                self.assertEqual(error["exit_code"], 2)
        # The same parameter twice, and bytes that are not UTF-8.
        for target in ["/api/search?q=a&q=b", "/api/search?q=%ff%fe", "/api/search?q=a&limit=1&limit=2"]:
            with self.subTest(target=target):
                status, _, body = get(self.server, target)
                self.assertEqual(status, 400, body)
                self.assertIn("error", json.loads(body))

    def test_query_length_and_request_size_are_bounded(self):
        # A query of 4,000 bytes is read; one more is refused.
        status, _, _ = api(self.server, q=("a " * 2000)[:4000])
        self.assertEqual(status, 200)
        status, _, body = api(self.server, q="a" * 4001)
        self.assertEqual(status, 400)
        self.assertIn("4000", json.loads(body)["error"])
        # A request line beyond cpp-httplib's bound (8 KiB) is refused
        # before it reaches the searcher.
        status, _, _ = get(self.server, "/api/search?q=" + "a" * 20000)
        self.assertIn(status, (400, 414))
        # So is a body, of any size: the server reads none.
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        connection.request("POST", "/api/search", body=b"x" * 100000)
        response = connection.getresponse()
        self.assertIn(response.status, (405, 413))
        response.read()
        connection.close()
        # An overlong header.
        status, _, _ = get(self.server, "/api/search?q=x", {"X-Long": "y" * 20000})
        self.assertGreaterEqual(status, 400)

    def test_no_path_outside_the_page_is_served(self):
        targets = [
            "/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc%2fpasswd", "/%252e%252e/etc/passwd", "/.%2e/.%2e/etc/passwd", "/etc/passwd",
            "//etc/passwd", "/api/../../etc/passwd", "/api/search/../../../etc/passwd", "/..\\..\\etc\\passwd",
            "/index.html", "/page.html", "/serve/page.html", "/CMakeLists.txt", "/%00", "/api", "/api/",
            "/favicon.ico", "/./", "/api/search/", "/?../../etc/passwd",
        ]
        for target in targets:
            with self.subTest(target=target):
                status, headers, body = get(self.server, target)
                self.assertNotIn(b"root:", body)
                if target in ("/./", "/?../../etc/passwd"):
                    continue  # the page itself, or a 404
                self.assertIn(status, (400, 404), body[:200])
                if status == 404:
                    self.assertIn("error", json.loads(body))
        # Other methods: the server is read-only.
        for method in ["POST", "PUT", "DELETE", "PATCH"]:
            connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
            connection.request(method, "/api/search?q=x")
            response = connection.getresponse()
            self.assertEqual(response.status, 405, method)
            response.read()
            connection.close()

    def test_the_page_is_self_contained_and_locked_down(self):
        status, headers, body = get(self.server, "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        page = body.decode("utf-8")
        # Nothing loaded from elsewhere.
        self.assertNotRegex(page, r'(?i)<script[^>]*\bsrc=')
        self.assertNotRegex(page, r'(?i)<link\b')
        self.assertNotRegex(page, r'(?i)@import|url\(|https?://(?!www\.w3\.org/2000/svg)')
        # The data is never written as HTML.
        self.assertNotIn("innerHTML", page)
        self.assertNotIn("outerHTML", page)
        self.assertNotIn("insertAdjacentHTML", page)
        self.assertNotIn("document.write", page)
        # A Content-Security-Policy lets only the page's own script run.
        csp = headers["Content-Security-Policy"]
        nonce = re.search(r"script-src 'nonce-([0-9a-f]+)'", csp).group(1)
        self.assertIn(f'<script nonce="{nonce}">', page)
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("{{NONCE}}", page)
        # A new nonce each time.
        _, headers2, _ = get(self.server, "/")
        self.assertNotEqual(csp, headers2["Content-Security-Policy"])
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")

    def test_other_hosts_are_refused(self):
        # A page elsewhere that rebinds its name to 127.0.0.1 cannot read the index.
        status, _, body = get(self.server, "/api/search?q=x", {"Host": "evil.example:%d" % self.server.port})
        self.assertEqual(status, 403)
        self.assertIn("error", json.loads(body))
        status, _, _ = get(self.server, "/api/search?q=hopitaux", {"Host": "localhost:%d" % self.server.port})
        self.assertEqual(status, 200)

    def test_200_requests_from_8_threads(self):
        queries = ["hopitaux", "cyberattaques", "canicule", "l'alliance", "crues", "vulnérabilités", "otan",
                   "zorglub", "introuvablexyz", "covid"]
        expected = {}
        for q in queries:
            _, answer, _ = support.search_json(self.db, q, "--limit", "5", "--timeline", "year")
            expected[q] = answer

        def one(i):
            q = queries[i % len(queries)]
            status, _, body = api(self.server, q=q, limit=5, timeline="year")
            answer = json.loads(body)
            answer.pop("took_ms")
            return i, status, q, answer

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(one, range(200)))
        self.assertEqual(len(results), 200)
        for i, status, q, answer in results:
            self.assertEqual(status, 200, (i, q))
            self.assertEqual(answer, expected[q], (i, q))

    def test_a_client_that_goes_away_does_not_stop_the_server(self):
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", self.server.port))
            s.sendall(b"GET /api/search?q=hopitaux HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            s.close()
            s = socket.create_connection(("127.0.0.1", self.server.port))
            s.sendall(b"GET /api/search?q=hopitaux&limit=100 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % self.server.port)
            s.close()
        status, _, _ = api(self.server, q="hopitaux")
        self.assertEqual(status, 200)


class ServeManPageTest(unittest.TestCase):
    def test_every_option_is_in_the_man_page(self):
        import os
        import subprocess
        support.require_programs("serve")
        page_path = os.path.join(os.path.dirname(os.environ["VIGIE_README"]), "docs", "man", "vigie-serve.1")
        with open(page_path, encoding="utf-8") as f:
            page = f.read().replace("\\-", "-")
        options = page.split(".SH OPTIONS", 1)[1].split(".SH ", 1)[0]
        tags = re.findall(r"^\.TP\n(.*)$", options, re.M)
        tagged = set(re.findall(r"--?[a-zA-Z][a-zA-Z-]*", " ".join(tags)))
        help_text = subprocess.run([support.SERVE_BIN, "--help"], capture_output=True, text=True).stdout
        accepted = set(re.findall(r"^  ((?:-\w,)?--[a-z-]+)", help_text, re.M))
        accepted = {o for group in accepted for o in group.split(",")}
        self.assertTrue({"--db", "--listen", "--threads", "--help", "--version"} <= accepted, accepted)
        self.assertEqual(accepted - tagged, set(), "options of --help missing from vigie-serve(1)")
        self.assertEqual(tagged - accepted, set(), "options of vigie-serve(1) the command does not take")
        version = subprocess.run([support.SERVE_BIN, "--version"], capture_output=True, text=True)
        self.assertEqual(version.returncode, 0)
        self.assertRegex(version.stdout, r"^vigie-serve \d+\.\d+\.\d+\nxapian 1\.4")


class ServeLifecycleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.require_programs("index", "serve")
        cls.tmp = support.TempDir("vigie-serve-life-")
        cls.db = support.build_index(cls.tmp.path, with_hostile=False)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_sigint_and_sigterm_stop_it_cleanly(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=sig):
                server = support.Server(self.db)
                status, _, _ = api(server, q="hopitaux")
                self.assertEqual(status, 200)
                # With a connection open (keep-alive) too.
                keep = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                keep.request("GET", "/api/search?q=crues")
                keep.getresponse().read()
                self.assertEqual(server.stop(sig), 0)
                self.assertIn("stopped", server.stderr)
                keep.close()

    def test_missing_index_and_bad_options(self):
        import subprocess
        run = subprocess.run([support.SERVE_BIN, "--db", self.tmp.path + "/nothing.db", "--listen", "127.0.0.1:0"],
                             capture_output=True, text=True, timeout=20)
        self.assertEqual(run.returncode, 3)
        self.assertIn("no index", run.stderr)
        for listen in ["nowhere", "127.0.0.1:99999", "127.0.0.1:"]:
            run = subprocess.run([support.SERVE_BIN, "--db", self.db, "--listen", listen],
                                 capture_output=True, text=True, timeout=20)
            self.assertEqual(run.returncode, 2, listen)
        # An address already in use.
        server = support.Server(self.db)
        try:
            run = subprocess.run([support.SERVE_BIN, "--db", self.db, "--listen", f"127.0.0.1:{server.port}"],
                                 capture_output=True, text=True, timeout=20)
            self.assertEqual(run.returncode, 2)
            self.assertIn("cannot listen", run.stderr)
        finally:
            server.stop()

    def test_it_sees_the_index_last_commit(self):
        import subprocess
        import os
        db = os.path.join(self.tmp.path, "growing.db")
        first = os.path.join(self.tmp.path, "first.jsonl")
        with open(first, "w") as f:
            f.write('{"id": "a", "date": "2020-01-01", "body": "premier communiqué sur les blaireaux"}\n')
        subprocess.run([support.INDEX_BIN, "--db", db, first], check=True, capture_output=True)
        server = support.Server(db)
        try:
            _, _, body = api(server, q="blaireaux")
            self.assertEqual(json.loads(body)["total"], 1)
            with open(first, "a") as f:
                f.write('{"id": "b", "date": "2020-01-02", "body": "second communiqué sur les blaireaux"}\n')
            subprocess.run([support.INDEX_BIN, "--db", db, first], check=True, capture_output=True)
            _, _, body = api(server, q="blaireaux")
            self.assertEqual(json.loads(body)["total"], 2)
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
