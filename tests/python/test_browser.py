"""The page in a real browser: vigie-serve over samples/ (and hostile
communiqués), loaded in headless Chromium driven through the DevTools
protocol over a pipe (--remote-debugging-pipe, no extra package): a query is
typed key by key into the search box, the hits, highlights, chart, a click on
a bar, paging and escaping are checked in the DOM; the DOM and a screenshot
are kept in the build tree (VIGIE_ARTIFACTS_DIR)."""

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
import urllib.request

import support

CHROMIUM = shutil.which(os.environ.get("VIGIE_CHROMIUM", "chromium")) or shutil.which("chromium-browser")
STEP_SECONDS = 20  # the most any one step may take


class DevTools:
    """A minimal client of the Chrome DevTools protocol over the pipe that
    --remote-debugging-pipe opens on the browser's fds 3 (commands) and 4
    (answers and events), messages ended by NUL."""

    def __init__(self, profile, no_sandbox):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def plumb():
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        args = [CHROMIUM, "--headless=new", "--remote-debugging-pipe", f"--user-data-dir={profile}",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--mute-audio", "--window-size=1200,1000", "--hide-scrollbars",
                "about:blank"]
        if no_sandbox:
            args.insert(1, "--no-sandbox")
        self.log = open(os.path.join(profile, "chromium.log"), "w")
        self.process = subprocess.Popen(args, preexec_fn=plumb, close_fds=False, stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=self.log)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id = 0
        self.answers = {}
        self.events = queue.Queue()
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buffer = b""
        while True:
            try:
                chunk = os.read(self.from_browser, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                with self.cond:
                    self.answers[None] = "closed"
                    self.cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                data = json.loads(message)
                if "id" in data:
                    with self.cond:
                        self.answers[data["id"]] = data
                        self.cond.notify_all()
                else:
                    self.events.put(data)

    def send(self, method, params=None, session=None, timeout=STEP_SECONDS):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        end = time.monotonic() + timeout
        with self.cond:
            while self.next_id not in self.answers:
                if None in self.answers:
                    raise RuntimeError(f"chromium closed the pipe during {method}")
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no answer to {method} in {timeout} s")
                self.cond.wait(left)
            answer = self.answers.pop(self.next_id)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        self.log.close()


class Page:
    def __init__(self, devtools, url):
        self.dt = devtools
        target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.dialogs = []
        self.requests = []
        for domain in ("Page", "Runtime", "Network"):
            self.call(f"{domain}.enable")
        self.call("Page.navigate", {"url": url})

    def call(self, method, params=None):
        return self.dt.send(method, params, session=self.session)

    def drain_events(self):
        while True:
            try:
                event = self.dt.events.get_nowait()
            except queue.Empty:
                return
            if event.get("method") == "Page.javascriptDialogOpening":
                self.dialogs.append(event["params"].get("message"))
                self.call("Page.handleJavaScriptDialog", {"accept": True})
            elif event.get("method") == "Network.requestWillBeSent":
                self.requests.append(event["params"]["request"]["url"])

    def eval(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        self.drain_events()
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, what):
        end = time.monotonic() + STEP_SECONDS
        while time.monotonic() < end:
            if self.eval(expression):
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}: {expression}")

    def click(self, selector):
        """A real mouse click at the element's centre."""
        box = self.eval(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if not box:
            raise AssertionError(f"nothing to click at {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def key(self, key, code, vk, text=None, modifiers=0):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk, "modifiers": modifiers}
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", down)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                             "windowsVirtualKeyCode": vk, "modifiers": modifiers})

    def type(self, text):
        """Typed key by key, as a user would, then Enter."""
        for ch in text:
            self.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch, "unmodifiedText": ch})
            self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})
        self.key("Enter", "Enter", 13, "\r")

    def clear_field(self):
        self.key("a", "KeyA", 65, modifiers=2)  # Ctrl+A
        self.key("Backspace", "Backspace", 8)


def api(server, **params):
    with urllib.request.urlopen(server.url + "api/search?" + urllib.parse.urlencode(params), timeout=30) as r:
        return json.loads(r.read())


# What the page shows of a hit: its id, date, title and marked words.
HITS_JS = """Array.from(document.querySelectorAll('#hits > li.hit')).map(li => ({
  id: li.dataset.id,
  date: li.querySelector('.hit-date').textContent,
  title: li.querySelector('.hit-title').textContent,
  marks: Array.from(li.querySelectorAll('.snippet mark')).map(m => m.textContent),
  snippet: (li.querySelector('.snippet') || {textContent: ''}).textContent,
  elements: Array.from(li.querySelectorAll('*')).map(e => e.tagName.toLowerCase()),
  links: Array.from(li.querySelectorAll('a')).map(a => a.href),
}))"""
BARS_JS = """Array.from(document.querySelectorAll('#chart svg g.period')).map(g => ({
  period: g.dataset.period, count: Number(g.dataset.count),
  height: Number(g.querySelector('rect.bar').getAttribute('height'))}))"""


def marks_of(hit):
    chars = list(hit["snippet"])
    return ["".join(chars[b:e]) for b, e in hit["highlights"]]


def visible(text):
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f else c for c in text)


@unittest.skipIf(CHROMIUM is None, "chromium is not installed (scripts/install-deps.sh installs it): "
                                   "the page is not tested in a browser")
class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.require_programs("index", "serve")
        cls.tmp = support.TempDir("vigie-browser-")
        cls.db = support.build_index(cls.tmp.path)
        cls.server = support.Server(cls.db)
        profile = os.path.join(cls.tmp.path, "profile")
        os.mkdir(profile)
        cls.devtools = DevTools(profile, no_sandbox=os.geteuid() == 0 or bool(os.environ.get("VIGIE_NO_SANDBOX")))
        try:
            cls.devtools.send("Browser.getVersion", timeout=60)
        except Exception:
            cls.devtools.close()
            # Some containers refuse the sandbox even to a normal user.
            shutil.rmtree(profile, ignore_errors=True)
            os.mkdir(profile)
            cls.devtools = DevTools(profile, no_sandbox=True)
            cls.devtools.send("Browser.getVersion", timeout=60)
        cls.page = Page(cls.devtools, cls.server.url)
        cls.page.wait("document.readyState === 'complete' && !!document.getElementById('q')", "the page")
        os.makedirs(support.ARTIFACTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.devtools.close()
        cls.server.stop()
        cls.tmp.cleanup()

    def search_typed(self, text):
        p = self.page
        p.click("#q")
        p.clear_field()
        before = p.eval("window.__answers = (window.__answers || 0)")
        p.type(text)
        p.wait(f"document.getElementById('q').value === {json.dumps(text)}", "the typed query")
        p.wait("location.search.includes('q=') && document.getElementById('status').textContent !== 'Recherche…'"
               " && document.getElementById('status').textContent !== ''", "the answer")

    def wait_for_hits(self, expected_ids):
        self.page.wait(f"JSON.stringify(Array.from(document.querySelectorAll('#hits > li.hit')).map(li => "
                       f"li.dataset.id)) === {json.dumps(json.dumps(expected_ids, separators=(',', ':')))}",
                       f"hits {expected_ids}")

    def save(self, name):
        shot = self.page.call("Page.captureScreenshot", {"format": "png"})
        with open(os.path.join(support.ARTIFACTS, name + ".png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        with open(os.path.join(support.ARTIFACTS, name + ".html"), "w", encoding="utf-8") as f:
            f.write(self.page.eval("document.documentElement.outerHTML"))

    def test_1_typed_query_hits_highlights_and_chart(self):
        self.search_typed("sécurité")
        answer = api(self.server, q="sécurité", limit=10, timeline="month")
        self.assertGreater(answer["total"], 10)  # two pages
        self.wait_for_hits([h["id"] for h in answer["hits"]])
        shown = self.page.eval(HITS_JS)
        for hit, seen in zip(answer["hits"], shown):
            self.assertEqual(seen["title"], visible(hit["title"]))
            self.assertEqual(seen["date"], hit["date"] or "sans date")
            self.assertEqual(seen["marks"], marks_of(hit))
            self.assertEqual(seen["snippet"], visible(hit["snippet"]))
        self.assertTrue(any(s["marks"] for s in shown))
        # The chart: a bar per month of the timeline, heights by count.
        bars = self.page.eval(BARS_JS)
        periods = answer["timeline"]["periods"]
        self.assertEqual([(b["period"], b["count"]) for b in bars], [(p["period"], p["count"]) for p in periods])
        most = max(p["count"] for p in periods)
        for b in bars:
            self.assertEqual(b["height"] > 0, b["count"] > 0, b)
            if b["count"] == most:
                self.assertAlmostEqual(b["height"], 120, delta=0.5)
        status = self.page.eval("document.getElementById('status').textContent")
        self.assertIn(str(answer["total"]), status)
        self.save("vigie-serve-page")

    def test_2_paging(self):
        self.search_typed("sécurité")
        first = api(self.server, q="sécurité", limit=10, timeline="month")
        self.wait_for_hits([h["id"] for h in first["hits"]])
        self.page.click("#next")
        second = api(self.server, q="sécurité", limit=10, offset=10, timeline="month")
        self.wait_for_hits([h["id"] for h in second["hits"]])
        self.assertEqual(self.page.eval("document.getElementById('hits').start"), 11)
        self.assertTrue(self.page.eval("document.getElementById('next').disabled"))
        self.page.click("#prev")
        self.wait_for_hits([h["id"] for h in first["hits"]])

    def test_3_clicking_a_bar_filters_to_its_month(self):
        self.search_typed("cyberattaques")
        answer = api(self.server, q="cyberattaques", limit=10, timeline="month")
        self.wait_for_hits([h["id"] for h in answer["hits"]])
        bars = self.page.eval(BARS_JS)
        chosen = next(b for b in reversed(bars) if b["count"] > 0)
        self.page.click(f"#chart g.period[data-period='{chosen['period']}'] rect.slot")
        month = api(self.server, q="cyberattaques", since=chosen["period"], until=chosen["period"], limit=10,
                    timeline="month")
        self.wait_for_hits([h["id"] for h in month["hits"]])
        self.assertEqual(month["total"], chosen["count"])
        self.assertEqual(self.page.eval("document.getElementById('since').value"), chosen["period"])
        self.assertEqual(self.page.eval("document.getElementById('until').value"), chosen["period"])
        self.assertEqual(self.page.eval("new URLSearchParams(location.search).get('since')"), chosen["period"])
        for hit in self.page.eval(HITS_JS):
            self.assertTrue(hit["date"].startswith(chosen["period"][:7]), hit)
        self.save("vigie-serve-bar-clicked")
        # And back to every date.
        self.page.click("#clear-dates")
        self.wait_for_hits([h["id"] for h in answer["hits"]])

    def test_4_hostile_communiques_show_as_text(self):
        self.search_typed("zorglub")
        answer = api(self.server, q="zorglub", limit=10, timeline="month")
        self.wait_for_hits([h["id"] for h in answer["hits"]])
        shown = {h["id"]: h for h in self.page.eval(HITS_JS)}
        script = shown["hostile-script"]
        self.assertEqual(script["title"], "<script>alert(1)</script> alerte \ufffd[31mrouge\ufffd[0m")
        self.assertIn("<img src=x onerror=alert(2)>", script["snippet"])
        self.assertIn("<b>gras</b>", script["snippet"])
        # Only the page's own elements: none made from the text.
        self.assertFalse({"script", "img", "b", "i", "iframe"} & set(script["elements"]), script["elements"])
        # A javascript: address is shown, never a link; a web address is one.
        self.assertEqual(script["links"], [])
        self.assertEqual(shown["hostile-link"]["links"], ["https://example.org/zorglub?a=1&b=%3C2%3E"])
        self.assertEqual(self.page.eval("document.querySelectorAll('#hits script, #hits img').length"), 0)
        time.sleep(0.3)
        self.page.drain_events()
        self.assertEqual(self.page.dialogs, [])  # no alert() ran
        self.save("vigie-serve-hostile")

    def test_5_nothing_is_loaded_from_elsewhere(self):
        self.page.drain_events()
        self.assertTrue(self.page.requests)
        for url in self.page.requests:
            self.assertTrue(url.startswith(self.server.url) or url.startswith("data:"), url)

    def test_6_a_bad_date_shows_the_error(self):
        p = self.page
        p.click("#since")
        p.clear_field()
        for ch in "2020-13":
            p.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch})
            p.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})
        p.key("Enter", "Enter", 13, "\r")
        p.wait("!document.getElementById('error').hidden", "the error")
        self.assertIn("2020-13", p.eval("document.getElementById('error').textContent"))
        p.click("#clear-dates")
        p.wait("document.getElementById('error').hidden", "the error to go")


if __name__ == "__main__":
    unittest.main()
