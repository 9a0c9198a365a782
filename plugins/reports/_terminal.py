"""The level summary `servex assess` prints when it finishes, as the `text` report format.

Why here and not in core: core's fallback summary knows English and French words only, while the
criteria set's German texts, the verdict labels, plural rules and number formats live in this plugin's
catalogues. Rendered here, `servex assess --lang de` ends with the same German words as the German
report, and `-o text:summary.txt` keeps that summary as a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._ctx import Ctx
from servex.plugins.reports._summary import statement

__all__ = ["summary_text"]

_ORDER = ("met", "partially_met", "not_met", "not_assessed", "error", "not_applicable")


def _rows(c: Ctx) -> list[tuple[str, str, str, str, str]]:
    t = c.tr
    rows = []
    for level in c.result["levels"]:
        name = f"{level['id']} {c.t(level['name'])}"
        if not level["in_scope"]:
            rows.append((name, "-", t._("out of scope"), "-", ""))
            continue
        notes = []
        if level["capped_by"]:
            notes.append(t._("capped by {ids}", ids=", ".join(level["capped_by"])))
        if level.get("excepted"):
            notes.append(t._("capped: {share} not applicable", share=t.percent(100 * level["excepted"]["share"], 0)))
        if level["gated_by"]:
            notes.append(t._("gated by {level}", level=level["gated_by"]))
        achieved = t._("yes") if level["achieved"] else t._("no")
        rows.append((name, c.num(level["score"]), c.verdict(level["verdict"]), achieved, "; ".join(notes)))
    return rows


def summary_text(result: Mapping[str, Any], lang: str) -> str:
    """A table of the levels (score, verdict, achieved, what caps or gates each), the count of
    criteria by status, and the readiness sentence: plain text, columns aligned with spaces."""
    c = Ctx(result, lang)
    t = c.tr
    header = (t._("Level"), t._("Score"), t._("Verdict"), t._("Achieved"))
    rows = _rows(c)
    widths = [max(len(r[i]) for r in [(*header, ""), *rows]) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row in rows:
        cells = "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
        lines.append(f"{cells}  {row[4]}" if row[4] else cells.rstrip())
    counts = result["statistics"]["counts_by_status"]
    order = [s for s in _ORDER if s in counts] + sorted(s for s in counts if s not in _ORDER)
    lines.append(", ".join(f"{labels.status(s, t)}{t.colon} {counts[s]}" for s in order if counts[s]))
    lines.append(statement(result, t))
    return "\n".join(lines) + "\n"
