"""Tables of bench/run.sh: per corpus, each engine and Vigie/peer ratios;
the goals of issue 12; how figures grow across generated corpora.

Input: the JSON Lines records of bench.py (kinds build, workload, cold,
server) and the run's facts (meta JSON). Output: Markdown (also printed)
and JSON. Never fails on a number: a missing figure is "–".
"""
import json
import os
import re

from measure import median

MiB = 1024 * 1024
PEER_ORDER = ["postgresql", "sqlite", "sphinx", "vigie-baseline", "minimal"]
LABELS = {"vigie": "Vigie", "vigie-baseline": "Vigie baseline", "minimal": "minimal Xapian",
          "postgresql": "PostgreSQL", "sqlite": "SQLite FTS5", "sphinx": "Sphinx"}
WORKLOAD_LABELS = {"2w": "500 two-word queries, snippets", "2w-nosnip": "the same, no snippets",
                   "dates": "date-filtered queries, snippets", "3w": "three-word queries, snippets"}


# --------------------------------------------------------------------------
# gathering

def summarize(records):
    """{corpus: {engine: figures}} with the medians over build runs."""
    out = {}
    for r in records:
        e = out.setdefault(r["corpus"], {}).setdefault(r["engine"], {"builds": [], "workloads": {}})
        if r.get("cached"):
            e["cached"] = r["cached"]
        if r["kind"] == "build":
            e["builds"].append(r)
        elif r["kind"] == "workload":
            e["workloads"][r["workload"]] = r
        elif r["kind"] == "cold":
            e["cold"] = r
        elif r["kind"] == "server":
            e["server_after_queries"] = r.get("peak_rss_mib")
    for engines in out.values():
        for e in engines.values():
            ok = [b for b in e["builds"] if not b.get("error")]
            e["build_runs"], e["build_failed"] = len(e["builds"]), len(e["builds"]) - len(ok)
            if e["builds"] and not ok:
                e["build_error"] = e["builds"][-1].get("error")
            for key in ("wall_seconds", "size_bytes", "peak_rss_mib", "server_peak_rss_mib", "total_write_bytes",
                        "cpu_percent", "others_cpu_percent", "documents_indexed"):
                e[key] = median([b.get(key) for b in ok])
            e["all_wall_seconds"] = [b.get("wall_seconds") for b in e["builds"]]
            e["version"] = next((b.get("version") for b in ok if b.get("version")), None)
    return out


def save_peers(folder, records, date):
    """Keep each peer's records of this run, per corpus, for --vigie-only."""
    by = {}
    for r in records:
        if not r["engine"].startswith("vigie"):
            by.setdefault((r["corpus"], r["engine"]), []).append(r)
    for (corpus, engine), recs in by.items():
        os.makedirs(os.path.join(folder, corpus), exist_ok=True)
        with open(os.path.join(folder, corpus, engine + ".json"), "w") as fh:
            json.dump({"date": date, "records": recs}, fh)


def load_cached_peers(folder, corpus, measured):
    """The records of the last run that measured each peer, marked cached."""
    d = os.path.join(folder, corpus)
    recs = []
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        engine = f[:-len(".json")]
        if not f.endswith(".json") or engine in measured:
            continue
        with open(os.path.join(d, f)) as fh:
            saved = json.load(fh)
        recs += [dict(r, cached=saved["date"]) for r in saved["records"]]
    return recs


# --------------------------------------------------------------------------
# formatting

def num(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float) and abs(v) >= 100:
        digits = 0
    return "{:,.{d}f}".format(v, d=digits)


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_ratio(r):
    return "–" if r is None else ("%.2f×" % r if r < 10 else "%.1f×" % r)


def rows_for(e, stats):
    """[(label, value, digits)] of one engine on one corpus."""
    wall = e.get("wall_seconds")
    size = e.get("size_bytes")
    written = e.get("total_write_bytes")
    rows = [
        ("build, s", wall, 2),
        ("MB/s (text bytes / build time)", ratio(stats.get("text_bytes", 0) / 1e6, wall) if wall else None, 2),
        ("size on disk, MiB", size / MiB if size else None, 1),
        ("peak RSS of the builder, MiB", e.get("peak_rss_mib"), 0),
        ("peak RSS of the server while building, MiB", e.get("server_peak_rss_mib"), 0),
        ("bytes written while building, MiB", written / MiB if written is not None else None, 0),
        ("bytes written / size on disk", ratio(written, size), 2),
    ]
    w = e.get("workloads", {})
    for name in ("2w", "2w-nosnip", "dates", "3w"):
        r = w.get(name, {})
        label = WORKLOAD_LABELS[name]
        if r.get("queries") and name != "2w-nosnip":
            label = label.replace("500", "%d" % r["queries"]) if name == "2w" else "%d %s" % (r["queries"], label)
        rows += [("%s: queries/s" % label, r.get("qps"), 1),
                 ("%s: p50 ms" % label, r.get("p50_ms"), 3),
                 ("%s: p99 ms" % label, r.get("p99_ms"), 3)]
    c = e.get("cold", {})
    rows += [("cold single search, whole process: p50 ms", c.get("p50_ms"), 2),
             ("cold single search, whole process: p99 ms", c.get("p99_ms"), 2),
             ("peak RSS of the server after the queries, MiB", e.get("server_after_queries"), 0)]
    return rows


def corpus_table(corpus, engines, stats):
    names = [n for n in ["vigie"] + PEER_ORDER if n in engines]
    peers = [n for n in names if n != "vigie"]
    lines = []
    docs = stats.get("documents")
    lines.append("### %s — %s documents, %s MB of text (%s MB of JSON Lines)" % (
        corpus, num(docs, 0), num(stats.get("text_bytes", 0) / 1e6, 1), num(stats.get("file_bytes", 0) / 1e6, 1)))
    lines.append("")
    head = ["", *[LABELS[n] + (" (cached %s)" % engines[n]["cached"] if engines[n].get("cached") else "") for n in names]]
    if "vigie" in engines:
        head += ["Vigie / %s" % LABELS[p] for p in peers]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|---" + "|---:" * (len(head) - 1) + "|")
    per = {n: rows_for(engines[n], stats) for n in names}
    for i, (label, _, digits) in enumerate(per[names[0]]):
        vals = [per[n][i][1] for n in names]
        if all(v is None for v in vals):
            continue
        cells = [label] + [num(v, digits) for v in vals]
        if "vigie" in engines:
            cells += [fmt_ratio(ratio(vals[0], per[p][i][1])) for p in peers]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    notes = []
    for n in names:
        e = engines[n]
        if e.get("build_error"):
            notes.append("%s: the build failed (%s)." % (LABELS[n], e["build_error"][:200]))
        elif docs and e.get("documents_indexed") not in (None, docs):
            notes.append("%s indexed %s documents of %s." % (LABELS[n], num(e["documents_indexed"], 0), num(docs, 0)))
        for name, r in e.get("workloads", {}).items():
            if r.get("skipped"):
                notes.append("%s, %s: not measured (%s)." % (LABELS[n], WORKLOAD_LABELS[name], r["skipped"]))
    runs = ["%s %s" % (LABELS[n], ", ".join(num(x, 2) for x in engines[n]["all_wall_seconds"]))
            for n in names if engines[n].get("build_runs", 0) > 1]
    if runs:
        notes.append("Build times of every run, s: " + "; ".join(runs) + ".")
    others = ["%s %d%%" % (LABELS[n], engines[n]["others_cpu_percent"]) for n in names
              if engines[n].get("others_cpu_percent") is not None]
    if others:
        notes.append("CPU taken by other processes while each engine built (median of the runs, 100% = one core): "
                     + ", ".join(others) + ".")
    v = engines.get("vigie", {})
    if v:
        w = v.get("workloads", {})
        eng = ["%s %s / %s ms" % (k, num(w[k].get("engine_p50_ms"), 3), num(w[k].get("engine_p99_ms"), 3))
               for k in ("2w", "2w-nosnip", "dates", "3w") if w.get(k, {}).get("engine_p50_ms") is not None]
        if eng:
            notes.append("Vigie's own took_ms, p50 / p99: " + "; ".join(eng) + ".")
        relaxed = ["%s %d of %d" % (k, w[k]["relaxed"], w[k]["queries"]) for k in ("2w", "dates", "3w")
                   if w.get(k, {}).get("relaxed") is not None]
        if relaxed:
            notes.append("Vigie relaxed queries (filled with partial matches): " + ", ".join(relaxed) + ".")
    hits = []
    for n in names:
        r = engines[n].get("workloads", {}).get("2w", {})
        if r.get("hits_returned") is not None:
            hits.append("%s %s (%s with a hit)" % (LABELS[n], num(r["hits_returned"], 0), num(r["queries_with_hits"], 0)))
    if hits:
        notes.append("Hits returned on the two-word workload (≤ 10 per query; a sanity check, not quality): "
                     + ", ".join(hits) + ".")
    lines += ["- " + n for n in notes]
    return lines


# --------------------------------------------------------------------------
# goals of issue 12

def goal_checks(corpus, engines):
    """[(goal, measured, verdict)] for the goals that apply to this corpus."""
    v, pg, sq = engines.get("vigie"), engines.get("postgresql"), engines.get("sqlite")
    base = engines.get("vigie-baseline")
    out = []

    def check(goal, value, ok, missing):
        if value is None:
            out.append((goal, "–", "not measured (%s)" % missing))
        else:
            out.append((goal, value, "**met**" if ok else "**not met**"))

    def get(e, *keys):
        for k in keys:
            e = (e or {}).get(k)
        return e

    gen = corpus.startswith("gen-")
    if not gen:
        r = ratio(get(v, "wall_seconds"), get(pg, "wall_seconds"))
        check("builds in less time than PostgreSQL", r and "%s s vs %s s (%s)" % (
            num(v["wall_seconds"], 1), num(pg["wall_seconds"], 1), fmt_ratio(r)), r is not None and r < 1, "Vigie and PostgreSQL")
    r = ratio(get(v, "size_bytes"), get(sq, "size_bytes"))
    check("index on disk no larger than SQLite FTS5's", r and "%s vs %s MiB (%s)" % (
        num(v["size_bytes"] / MiB), num(sq["size_bytes"] / MiB), fmt_ratio(r)), r is not None and r <= 1, "Vigie and SQLite")
    if not gen:
        r = ratio(get(v, "workloads", "2w", "qps"), get(base, "workloads", "2w", "qps"))
        check("search throughput no lower than today's (two-word, snippets)", r and "%s vs %s q/s (%s)" % (
            num(v["workloads"]["2w"]["qps"]), num(base["workloads"]["2w"]["qps"]), fmt_ratio(r)),
            r is not None and r >= 1, "run with --baseline BUILD_DIR of today's binaries")
        r = ratio(get(v, "workloads", "3w", "qps"), get(sq, "workloads", "3w", "qps"))
        relaxed = get(v, "workloads", "3w", "relaxed")
        check("three-word workload faster than SQLite FTS5, relaxation kept", r and "%s vs %s q/s (%s), %s relaxed" % (
            num(v["workloads"]["3w"]["qps"]), num(sq["workloads"]["3w"]["qps"]), fmt_ratio(r), relaxed),
            r is not None and r > 1 and (relaxed or 0) > 0, "Vigie and SQLite")
    else:
        r = ratio(get(v, "wall_seconds"), get(sq, "wall_seconds"))
        check("built within 3× SQLite FTS5's time", r and "%s s vs %s s (%s)" % (
            num(v["wall_seconds"], 1), num(sq["wall_seconds"], 1), fmt_ratio(r)), r is not None and r <= 3, "Vigie and SQLite")
        r = ratio(get(v, "total_write_bytes"), get(v, "size_bytes"))
        check("writes at most 3× the final index size", r and "%s MiB written, %s (×size)" % (
            num(v["total_write_bytes"] / MiB, 0), fmt_ratio(r)), r is not None and r <= 3, "Vigie")
        m = get(v, "peak_rss_mib")
        check("peak memory under 2 GiB", m and "%s MiB" % num(m, 0), m is not None and m < 2048, "Vigie")
        c = get(v, "cold")
        p50, p99 = get(c, "p50_ms"), get(c, "p99_ms")
        check("one search as a whole process, snippets: p50 < 3 ms and p99 < 20 ms",
              p50 and "p50 %s ms, p99 %s ms" % (num(p50, 2), num(p99, 2)),
              p50 is not None and p50 < 3 and p99 < 20, "Vigie")
    return out


def goals_section(summary):
    lines = ["## Goals of issue 12", ""]
    official = {"tv-news-fr": "set on tv-news-fr", "gen-1m": "set on the million (gen-1m)"}
    for corpus, engines in summary.items():
        checks = goal_checks(corpus, engines)
        if not checks:
            continue
        scope = official.get(corpus, "indicative here: the goals are set on %s" % (
            "gen-1m" if corpus.startswith("gen-") else "tv-news-fr"))
        lines.append("%s (%s):" % (corpus, scope))
        lines.append("")
        lines.append("| goal | measured | verdict |")
        lines.append("|---|---|---|")
        for goal, value, verdict in checks:
            lines.append("| %s | %s | %s |" % (goal, value, verdict))
        lines.append("")
    for goal in ("tv-news-fr", "gen-1m"):
        if goal not in summary:
            lines.append("- %s was not measured in this run (`--corpus %s`): its goals are not judged." % (goal, goal))
    return lines


# --------------------------------------------------------------------------
# growth across generated corpora

def gen_size(name):
    m = re.fullmatch(r"gen-(\d+)([km]?)", name)
    return int(m.group(1)) * {"": 1, "k": 1000, "m": 1000000}[m.group(2)] if m else None


def scale_table(summary, stats):
    gens = sorted((c for c in summary if gen_size(c)), key=gen_size)
    if len(gens) < 2:
        return []
    lo, hi = gens[0], gens[-1]
    factor = gen_size(hi) / gen_size(lo)
    engines = [n for n in ["vigie"] + PEER_ORDER if n in summary[lo] and n in summary[hi]]
    lines = ["## Growth from %s to %s (×%g documents)" % (lo, hi, factor), ""]
    head = [""]
    for n in engines:
        head += ["%s %s" % (LABELS[n], lo), "%s %s" % (LABELS[n], hi), "growth"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|---" + "|---:" * (len(head) - 1) + "|")
    quantities = [
        ("build, s", lambda e, s: e.get("wall_seconds"), 1),
        ("documents/s", lambda e, s: ratio(s.get("documents"), e.get("wall_seconds")), 0),
        ("bytes written while building, MiB", lambda e, s: e["total_write_bytes"] / MiB if e.get("total_write_bytes") is not None else None, 0),
        ("bytes written / size", lambda e, s: ratio(e.get("total_write_bytes"), e.get("size_bytes")), 2),
        ("size on disk, MiB", lambda e, s: e["size_bytes"] / MiB if e.get("size_bytes") else None, 1),
        ("peak RSS of the builder, MiB", lambda e, s: e.get("peak_rss_mib"), 0),
        ("peak RSS of the server while building, MiB", lambda e, s: e.get("server_peak_rss_mib"), 0),
        ("two-word queries, snippets: p50 ms", lambda e, s: e.get("workloads", {}).get("2w", {}).get("p50_ms"), 3),
        ("two-word queries, snippets: p99 ms", lambda e, s: e.get("workloads", {}).get("2w", {}).get("p99_ms"), 3),
        ("date-filtered: p50 ms", lambda e, s: e.get("workloads", {}).get("dates", {}).get("p50_ms"), 3),
        ("cold single search: p50 ms", lambda e, s: e.get("cold", {}).get("p50_ms"), 2),
        ("cold single search: p99 ms", lambda e, s: e.get("cold", {}).get("p99_ms"), 2),
    ]
    for label, f, digits in quantities:
        cells, any_value = [label], False
        for n in engines:
            a, b = f(summary[lo][n], stats.get(lo, {})), f(summary[hi][n], stats.get(hi, {}))
            any_value |= a is not None or b is not None
            cells += [num(a, digits), num(b, digits), fmt_ratio(ratio(b, a))]
        if any_value:
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("growth = the %s figure divided by the %s one; a figure that grows like the corpus grows ×%g." % (hi, lo, factor))
    return lines


# --------------------------------------------------------------------------

def busy(meta, records):
    """Facts and a warning on other processes competing for the CPU."""
    own = [r for r in records if not r.get("cached")]
    meta["load_max"] = max((r.get("load_before") or 0 for r in own), default=None)
    others = [r["others_cpu_percent"] for r in own if r.get("others_cpu_percent") is not None]
    why = []
    if (meta.get("load_start") or 0) > 0.5:
        why.append("the 1-min load average was %.2f before the run started" % meta["load_start"])
    if others and max(others) > 25:
        why.append("other processes used up to %d%% of a core while a build ran (median %d%%)" % (
            max(others), median(others)))
    if why:
        meta["busy_warning"] = ("other processes were competing for the %s cores: %s. Timings are noisy;"
                                " compare ratios, and rerun on a quiet machine." % (meta.get("cpus"), "; ".join(why)))


def header(meta):
    m = meta
    lines = ["# Vigie benchmark, %s" % m.get("date"), ""]
    if m.get("label"):
        lines += ["**%s**" % m["label"], ""]
    lines.append("- Vigie: the binaries of `%s`, built %s; sources at commit %s%s. Peers: %s." % (
        m.get("build_dir"), m.get("vigie_built") or "–", m.get("git_commit"),
        " with uncommitted changes outside bench/" if m.get("git_dirty") else "",
        "; ".join(m.get("peer_versions", [])) or "–"))
    lines.append("- Machine: %s cores, %s GiB; %s. Options: `%s`." % (
        m.get("cpus"), m.get("mem_gib"), m.get("os", ""), m.get("argv", "")))
    lines.append("- Medians of %s build run(s) and %s timed query pass(es) after one warm-up; cold searches: %s queries × %s runs." % (
        m.get("build_runs"), m.get("runs"), m.get("cold_queries"), m.get("cold_runs")))
    lines.append("- 1-min load average: %s at the start, %s at the end, %s at most before a measured step." % (
        m.get("load_start"), m.get("load_end"), m.get("load_max")))
    if m.get("busy_warning"):
        lines.append("- **Warning: %s**" % m["busy_warning"])
    lines.append("- Ratios are Vigie's figure divided by the peer's: below 1× is better for Vigie on times, sizes, memory"
                 " and bytes written; above 1× is better on queries/s.")
    lines.append("- Every engine reads the same JSON Lines records (Vigie: %s) and returns the top 10 with id, date,"
                 " title and a snippet: Vigie its own (200 characters), PostgreSQL `ts_headline`, SQLite `snippet()`"
                 " (16 tokens), Sphinx `SNIPPET()` in the select list (limit 200, body kept as a string attribute)."
                 " Bytes written: `/proc/<pid>/io` write_bytes of the builder at its exit, plus, for PostgreSQL,"
                 " of the server's processes sampled every 0.2 s." % (
                     "the folder of seed .txt files" if m.get("vigie_input") == "files" else "the same files"))
    lines.append("")
    return lines


def main(args):
    with open(args.results) as fh:
        records = [json.loads(l) for l in fh if l.strip()]
    with open(args.meta) as fh:
        meta = json.load(fh)
    stats = meta.get("corpora", {})
    measured = {}
    for r in records:
        measured.setdefault(r["corpus"], set()).add(r["engine"])
    if args.save_peers:
        save_peers(args.save_peers, records, meta.get("date"))
    if args.cached_peers:
        for corpus in list(measured):
            records += load_cached_peers(args.cached_peers, corpus, measured[corpus])
    busy(meta, records)
    summary = summarize(records)
    versions = sorted({e["version"] for engines in summary.values() for n, e in engines.items()
                       if e.get("version") and not n.startswith("vigie") and n != "minimal"})
    meta["peer_versions"] = versions
    lines = header(meta)
    for corpus in meta.get("corpus_order", summary.keys()):
        if corpus in summary:
            lines += corpus_table(corpus, summary[corpus], stats.get(corpus, {})) + [""]
    lines += goals_section(summary)
    scale = scale_table(summary, stats)
    if scale:
        lines += [""] + scale
    text = "\n".join(lines) + "\n"
    with open(args.md, "w") as fh:
        fh.write(text)
    if scale and args.scale_md:
        with open(args.scale_md, "w") as fh:
            fh.write("\n".join(header(meta) + scale) + "\n")
    with open(args.json, "w") as fh:
        json.dump({"meta": meta, "summary": summary, "records": records}, fh, indent=1)
    print(text)
