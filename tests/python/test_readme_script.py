"""The README's Python script, extracted as written and run on samples/."""

import os
import re
import subprocess
import sys
import unittest

import support


def readme_script():
    with open(os.environ["VIGIE_README"], encoding="utf-8") as f:
        readme = f.read()
    found = re.search(r"<!-- The script below is run by the tests.*?-->\s*```python\n(.*?)```", readme, re.S)
    if not found:
        raise AssertionError("the README has no Python script marked for the tests")
    return found.group(1)


class ReadmeScriptTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.require_programs("index")
        cls.tmp = support.TempDir("vigie-readme-py-")
        cls.db = support.build_index(cls.tmp.path, with_hostile=False)
        cls.script = os.path.join(cls.tmp.path, "cves.py")
        with open(cls.script, "w", encoding="utf-8") as f:
            f.write(readme_script())

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_script(self, *args):
        return subprocess.run([sys.executable, self.script, *args], capture_output=True, text=True, timeout=60)

    def test_it_is_about_ten_lines(self):
        self.assertLessEqual(len(readme_script().strip().splitlines()), 12)

    def test_it_lists_the_hits_and_their_cves(self):
        run = self.run_script(self.db, "vulnérabilité")
        self.assertEqual(run.returncode, 0, run.stderr)
        lines = run.stdout.strip().splitlines()
        hits = [line.split(" ", 2) for line in lines[:-1]]
        self.assertTrue(hits)
        dates = [h[0] for h in hits]
        self.assertEqual(dates, sorted(dates, reverse=True))  # newest first
        self.assertTrue(all(d >= "2020" for d in dates))
        self.assertTrue(any("CVE-" in h[2] for h in hits), run.stdout)
        self.assertRegex(lines[-1], r"^\d+ matches; commonest CVEs: \[\('CVE-")

    def test_errors_exit_with_the_command_code(self):
        run = self.run_script(os.path.join(self.tmp.path, "nothing.db"), "x")
        self.assertEqual(run.returncode, 3)
        self.assertIn("no index", run.stderr)
        run = self.run_script(self.db, "date:2020-13")
        self.assertEqual(run.returncode, 2)


if __name__ == "__main__":
    unittest.main()
