"""The human summary printed on stderr at the end of `servex assess`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click
from servex._text import pick

if TYPE_CHECKING:
    from servex._plugins import Plugins

__all__ = ["summary_lines"]

_LABELS = {
    "en": {
        "level": "Level",
        "score": "Score",
        "verdict": "Verdict",
        "achieved": "Achieved",
        "yes": "yes",
        "no": "no",
        "out": "out of scope",
        "capped": "capped by",
        "gated": "gated by",
        "excepted": "not applicable",
    },
    "fr": {
        "level": "Niveau",
        "score": "Score",
        "verdict": "Verdict",
        "achieved": "Atteint",
        "yes": "oui",
        "no": "non",
        "out": "hors périmètre",
        "capped": "plafonné par",
        "gated": "bloqué par",
        "excepted": "non applicable",
    },
    "de": {
        "level": "Stufe",
        "score": "Punktzahl",
        "verdict": "Urteil",
        "achieved": "Erreicht",
        "yes": "ja",
        "no": "nein",
        "out": "nicht im Umfang",
        "capped": "begrenzt durch",
        "gated": "gesperrt durch",
        "excepted": "nicht anwendbar",
    },
}


def summary_lines(
    result: Mapping[str, Any], lang: str, color: bool = False, plugins: Plugins | None = None
) -> list[str]:
    """The level table, the counts by status and the readiness sentence.

    A plugin's `text` report format renders them when one is loaded (the built-in reports plugin does,
    in every report language); this English/French rendering is the fallback without it. Either way
    the rows of achieved levels are green on a colour terminal."""
    formats = plugins.report_formats() if plugins is not None else {}
    if "text" in formats:
        from servex._context import RenderOptions

        try:
            lines = formats["text"].render(result, RenderOptions(lang=lang)).decode("utf-8").splitlines()
        except Exception:  # a broken renderer must not cost the run its output files: our own summary instead
            lines = []
        if lines:
            achieved = {1 + i for i, lv in enumerate(result["levels"]) if lv["in_scope"] and lv["achieved"]}
            return [click.style(line, fg="green") if color and i in achieved else line for i, line in enumerate(lines)]
    labels = _LABELS.get(lang, _LABELS["en"])
    bands = {b["verdict"]: pick(b["label"], lang) for b in result["model"]["verdict_bands"]}
    rows = []
    for level in result["levels"]:
        name = f"{level['id']} {pick(level['name'], lang)}"
        if not level["in_scope"]:
            rows.append((name, "-", labels["out"], "-", ""))
            continue
        notes = []
        if level["capped_by"]:
            notes.append(f"{labels['capped']} {', '.join(level['capped_by'])}")
        if level.get("excepted"):  # too much of the level set aside (see _engine/levels.py)
            notes.append(f"{labels['capped']} {round(100 * level['excepted']['share'])} % {labels['excepted']}")
        if level["gated_by"]:
            notes.append(f"{labels['gated']} {level['gated_by']}")
        rows.append(
            (
                name,
                f"{level['score']:.1f}",
                bands.get(level["verdict"], level["verdict"]),
                labels["yes"] if level["achieved"] else labels["no"],
                "; ".join(notes),
            )
        )
    widths = [
        max(
            len(str(r[i]))
            for r in [(labels["level"], labels["score"], labels["verdict"], labels["achieved"], ""), *rows]
        )
        for i in range(4)
    ]
    header = (labels["level"], labels["score"], labels["verdict"], labels["achieved"])
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    for row in rows:
        text = "  ".join(str(c).ljust(w) for c, w in zip(row[:4], widths, strict=True)) + (
            f"  {row[4]}" if row[4] else ""
        )
        if color:
            text = click.style(text, fg="green" if row[3] == labels["yes"] else None)
        lines.append(text)
    counts = result["statistics"]["counts_by_status"]
    lines.append(", ".join(f"{k}: {v}" for k, v in counts.items()))
    lines.append(pick(result["readiness"]["statement"], lang))
    return lines
