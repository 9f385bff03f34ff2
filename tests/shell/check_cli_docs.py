#!/usr/bin/env python3
"""Checks that a command's documentation and completions follow the command.

  check_cli_docs.py man PAGE BUILD_DIR
      PAGE is docs/man/<cmd>.1 (as configured into the build); the binary
      <cmd> is found under BUILD_DIR. Every option of `<cmd> --help` must be a
      tag of the page's OPTIONS section, with its choice values, and every
      option tagged there must be one the command accepts. The page must
      carry the command's version and render without warnings (groff -ww,
      mandoc -T lint when installed, man -l).
  check_cli_docs.py bash SCRIPT BUILD_DIR
      For every command SCRIPT completes (its `complete -F` lines): bash
      offers every option of --help after `-`, each choice value after an
      option taking choices (also as --option=), and folders after --db.
  check_cli_docs.py zsh SCRIPT BUILD_DIR
      The same through zsh's own completion system (tests/shell/zsh_complete.zsh
      drives an interactive zsh on a pseudo-terminal); the commands are those
      of the script's #compdef line.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def find_binary(build_dir, command):
    """The program the build made: the shallowest one under build_dir (the
    copies other tests install deeper down, under tests/, do not count)."""
    found = []
    for root, dirs, files in os.walk(build_dir):
        dirs[:] = [d for d in dirs if d not in ("CMakeFiles", "_CPack_Packages") and not d.startswith(".")]
        if command in files:
            path = os.path.join(root, command)
            if os.access(path, os.X_OK) and os.path.isfile(path):
                found.append(path)
    found.sort(key=lambda p: (p.count(os.sep), p))
    return found[0] if found else None


def takes_paths(binary):
    """Whether the command's positional arguments are files (vigie-index's paths)."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    return re.search(r"^  paths ", out, re.M) is not None


def help_options(binary):
    """{name: [choices]} of every option in `binary --help` (CLI11's layout)."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, check=True).stdout
    options = {}
    in_options = False
    for line in out.splitlines():
        if line.startswith("Options:"):
            in_options = True
            continue
        if in_options and not line.strip():
            break
        if not in_options or not re.match(r"^  -", line):
            continue
        first = re.split(r"\s{2,}", line.strip())[0]
        words = first.split()
        names = words[0].split(",")
        choices = []
        if len(words) > 1 and re.fullmatch(r"[a-z0-9]+(\|[a-z0-9]+)+", words[1]):
            choices = words[1].split("|")
        for name in names:
            options[name] = choices
    if not options:
        fail(f"{binary} --help lists no options")
    return options


def roff_plain(text):
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)
    text = text.replace("\\-", "-").replace("\\&", "").replace('"', " ")
    return re.sub(r"^\.[A-Za-z]+\s*", "", text)


def check_man(page, build_dir):
    command = os.path.basename(page)[: -len(".1")]
    binary = find_binary(build_dir, command)
    if not binary:
        fail(f"{page} documents {command}, but no {command} was built under {build_dir}")
        return
    options = help_options(binary)
    lines = open(page, encoding="utf-8").read().splitlines()
    tags = []
    in_options = False
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            in_options = line.split(None, 1)[1].strip('" ') == "OPTIONS"
        elif in_options and line.startswith(".TP") and i + 1 < len(lines):
            tags.append(roff_plain(lines[i + 1]))
    documented = {}
    for tag in tags:
        names = re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", tag)
        words = set(re.findall(r"[\w-]+", tag.replace("|", " ")))
        for name in names:
            documented[name] = words
    for name, choices in sorted(options.items()):
        if name not in documented:
            fail(f"{command}(1) does not document {name} (a .TP tag under OPTIONS)")
            continue
        for choice in choices:
            if choice not in documented[name]:
                fail(f"{command}(1): {name} does not show its value {choice}")
    for name in sorted(set(documented) - set(options)):
        fail(f"{command}(1) documents {name}, which {command} does not accept")
    print(f"{command}(1): {len(options)} options of --help, {len(documented)} documented")

    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    th = next((l for l in lines if l.startswith(".TH")), "")
    if version.split()[-1] not in th:
        fail(f"{command}(1)'s .TH line ({th}) does not carry the version {version}")

    renders = [["groff", "-ww", "-z", "-man", page]]
    if shutil.which("mandoc"):
        renders.append(["mandoc", "-T", "lint", "-W", "warning", page])
    else:
        print("mandoc is not installed: its lint is not run")
    renders.append(["man", "-l", page])
    for argv in renders:
        env = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="", LC_ALL="C.UTF-8")
        run = subprocess.run(argv, capture_output=True, text=True, env=env)
        if run.returncode != 0 or run.stderr.strip() or (argv[0] != "man" and run.stdout.strip()):
            fail(f"{' '.join(argv)}: exit {run.returncode}\n{run.stdout}{run.stderr}")
        elif argv[0] == "man" and command.upper() not in run.stdout.replace("‐", "-").upper():
            fail(f"man -l {page} renders no page")


def scratch_folders():
    work = tempfile.mkdtemp(prefix="vigie-completion-")
    for d in ("alpha", "beta dir"):
        os.mkdir(os.path.join(work, d))
    open(os.path.join(work, "afile.txt"), "w").close()
    return work


def check_bash(script, build_dir):
    script = os.path.abspath(script)
    commands = re.findall(r"^complete -F \S+ (\S+)\s*$", open(script).read(), re.M)
    if not commands:
        fail(f"{script} completes no command")
    work = scratch_folders()
    for command in commands:
        binary = find_binary(build_dir, command)
        if not binary:
            fail(f"{script} completes {command}, but no {command} was built")
            continue
        options = help_options(binary)
        func = re.search(r"^complete -F (\S+) " + re.escape(command) + r"\s*$", open(script).read(), re.M).group(1)

        def complete(*words):
            words = [command] + list(words)
            quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
            program = (f"source '{script}'\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words) - 1}\n"
                       f"COMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n{func}\n"
                       "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
            run = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True,
                                 text=True, cwd=work)
            if run.returncode != 0 or run.stderr:
                fail(f"bash completion of {words}: exit {run.returncode}: {run.stderr}")
            return sorted(w for w in run.stdout.split("\n") if w)

        offered = complete("-")
        if offered != sorted(options):
            fail(f"bash: {command} - offers {offered}, --help has {sorted(options)}")
        for name, choices in options.items():
            if choices:
                if complete(name, "") != sorted(choices):
                    fail(f"bash: {command} {name} offers {complete(name, '')}, not {sorted(choices)}")
                if name.startswith("--") and complete(name, "=", "") != sorted(choices):
                    fail(f"bash: {command} {name}= offers {complete(name, '=', '')}")
                if complete(name, choices[0][:1]) != sorted(c for c in choices if c[0] == choices[0][0]):
                    fail(f"bash: {command} {name} {choices[0][:1]} offers {complete(name, choices[0][:1])}")
        if "--db" in options and complete("--db", "") != ["alpha", "beta dir"]:
            fail(f"bash: {command} --db offers {complete('--db', '')}, not the folders")
        if takes_paths(binary) and complete("") != ["afile.txt", "alpha", "beta dir"]:
            fail(f"bash: {command}'s inputs offer {complete('')}, not the files and folders")
        print(f"bash: {command}: {len(options)} options, their choices, --db folders" + (", input files" if takes_paths(binary) else ""))
    shutil.rmtree(work)


def check_zsh(script, build_dir):
    if not shutil.which("zsh"):
        fail("zsh is not installed (scripts/install-deps.sh installs it)")
        return
    run = subprocess.run(["zsh", "-n", script], capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"zsh -n {script}: {run.stderr}")
    first = open(script).readline()
    commands = first.split()[1:] if first.startswith("#compdef") else []
    if not commands:
        fail(f"{script} has no #compdef line")
    work = scratch_folders()
    fpath = os.path.dirname(os.path.abspath(script))
    for command in commands:
        binary = find_binary(build_dir, command)
        if not binary:
            fail(f"{script} completes {command}, but no {command} was built")
            continue
        options = help_options(binary)

        def complete(*words):
            run = subprocess.run(["zsh", "-f", os.path.join(HERE, "zsh_complete.zsh"), fpath, command, *words],
                                 capture_output=True, text=True, cwd=work, timeout=60)
            if run.returncode != 0:
                fail(f"zsh completion of {words}: exit {run.returncode}: {run.stderr}")
            # As zsh would insert them: "beta\\ dir".
            return sorted(set(re.sub(r"\\(.)", r"\1", w) for w in run.stdout.split("\n") if w))

        longs = sorted(n for n in options if n.startswith("--"))
        offered = complete("--")
        if offered != longs:
            fail(f"zsh: {command} -- offers {offered}, --help has {longs}")
        for name, choices in options.items():
            if choices and name.startswith("--"):
                got = complete(name, "")
                if got != sorted(choices):
                    fail(f"zsh: {command} {name} offers {got}, not {sorted(choices)}")
        if "--db" in options:
            got = complete("--db", "")
            if got != ["alpha", "beta dir"]:
                fail(f"zsh: {command} --db offers {got}, not the folders")
        if takes_paths(binary):
            got = complete("")
            if not {"afile.txt", "alpha", "beta dir"} <= set(got):
                fail(f"zsh: {command}'s inputs offer {got}, not the files and folders")
        print(f"zsh: {command}: {len(longs)} long options, their choices, --db folders" + (", input files" if takes_paths(binary) else ""))
    shutil.rmtree(work)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("man", "bash", "zsh"):
        print(__doc__)
        return 2
    {"man": check_man, "bash": check_bash, "zsh": check_zsh}[sys.argv[1]](sys.argv[2], sys.argv[3])
    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
