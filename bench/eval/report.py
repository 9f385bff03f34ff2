"""The result table: plain text for stdout, Markdown for the cache and
bench/results/, JSON beside it. Rows are sorted by MRR@10 within each
variant; rows read back from the cache (--vigie-only) carry a mark."""
import json

from piaf_corpus import VARIANTS

COLUMNS = ["engine", "ranker", "variant", "MRR@10", "R@10", "R@100", "seconds", "index s"]


def cells(r):
    index = "%.2f" % r["index_seconds"] if r.get("index_seconds") is not None else "n/a"
    if r.get("index_cached"):
        index += " (reused)"
    engine = r["engine"] + (" †" if r.get("cached") else "")
    return [engine, r["ranker"], r["variant"], "%.3f" % r["mrr10"], "%.3f" % r["r10"], "%.3f" % r["r100"],
            "%.2f" % r["seconds"], index]


def sorted_rows(rows):
    out = []
    for v in VARIANTS:
        out += sorted((r for r in rows if r["variant"] == v.label), key=lambda r: -r["mrr10"])
    return out


def notes(meta):
    lines = ["seconds: wall time of answering all %s questions (connection or process start included);"
             " index s: building that engine's index or table%s." % (
                 format(meta["questions"], ","), "" if meta.get("vigie_only") else
                 " (reused: built by an earlier run from the same input, time of that run)")]
    if meta.get("cached_from"):
        lines.append("† peer figures read back from the cache (--vigie-only), measured %s." % meta["cached_from"])
    return lines


def text(rows, meta):
    body = [cells(r) for r in sorted_rows(rows)]
    widths = [max(len(row[i]) for row in [COLUMNS] + body) for i in range(len(COLUMNS))]

    def line(row):  # numbers right-aligned
        return "  ".join(c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    out = [header_line(meta), "", line(COLUMNS), "  ".join("-" * w for w in widths)]
    for i, row in enumerate(body):
        if i and row[2] != body[i - 1][2]:
            out.append("")  # a blank line between the variants
        out.append(line(row))
    return "\n".join(out + [""] + notes(meta)) + "\n"


def header_line(meta):
    return "PIAF v1.1 ranking evaluation, %s passages, %s questions (%s)" % (
        format(meta["passages"], ","), format(meta["questions"], ","), meta["date"])


def markdown(rows, meta):
    out = ["# " + header_line(meta), ""]
    out.append("Command: `%s`" % meta["command"])
    out.append("")
    out.append("- Vigie: commit `%s`, built %s; `vigie-search %s`" % (
        meta["commit"], meta["build"], meta["vigie_command"]))
    out.append("- Peers: %s" % ", ".join(meta["versions"]))
    out.append("- Machine: %d cores, 1-min load average %.2f before, %.2f after; whole run %.0f s"
               % (meta["cpus"], meta["load_before"], meta["load_after"], meta["wall_seconds"]))
    out.append("- Settings: see `bench/README.md` (Ranking evaluation). Sphinx's expression ranker is"
               " scaled ×1000 (Sphinx keeps the expression's value as an integer weight).")
    for v in VARIANTS:
        out += ["", "## " + v.label.capitalize(), ""]
        out.append("| " + " | ".join(c for c in COLUMNS if c != "variant") + " |")
        out.append("|---|---|" + "---:|" * 5)
        for r in sorted_rows(rows):
            if r["variant"] == v.label:
                c = cells(r)
                c[1] = "`%s`" % c[1] if r["engine"] == "Vigie" else c[1]
                out.append("| " + " | ".join(c[:2] + c[3:]) + " |")
    out += [""] + notes(meta)
    return "\n".join(out) + "\n"


def write_json(path, rows, meta):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"meta": meta, "rows": sorted_rows(rows)}, fh, indent=1, ensure_ascii=False)
