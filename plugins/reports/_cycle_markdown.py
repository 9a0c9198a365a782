"""Markdown of the certification-cycle sections (exceptions; changes since the last assessment).

Kept apart from `_markdown.py` so those sections can grow without touching the gap analysis itself.
The caller passes its own escaper, so these sections escape exactly like the rest of the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["changes_markdown", "exceptions_markdown", "history_markdown"]

Escape = Callable[[Any], str]


def exceptions_markdown(view: Mapping[str, Any], esc: Escape) -> Iterator[str]:
    """The exceptions section; nothing when the manifest declares none."""
    if not view["rows"]:
        return
    yield f"\n## {esc(view['heading'])}\n"
    yield f"{esc(view['intro'])}\n"
    if view["expired_note"]:
        yield f"**{esc(view['expired_note'])}**\n"
    yield "| " + " | ".join(esc(c) for c in view["columns"]) + " |"
    yield "|---|---|---|---|---|"
    for row in view["rows"]:
        state = esc(row["state"]) if row["active"] else f"**{esc(row['state'])}**"
        yield (
            f"| **{esc(row['id'])}** {esc(row['title'])} | {esc(row['kind'])} | {esc(row['reason'])} | "
            f"{esc(row['approver'])} | {state} |"
        )


def changes_markdown(view: Mapping[str, Any], esc: Escape, depth: int = 2) -> Iterator[str]:
    """The "since the last assessment" section; `depth` is its heading level (1 on its own page)."""
    h, sub = "#" * depth, "#" * (depth + 1)
    yield f"\n{h} {esc(view['heading'])}\n"
    yield f"{esc(view['intro'])} {esc(view['counts'])}\n"
    if view["nothing"]:
        yield f"{esc(view['nothing'])}\n"
    if view["run_causes"]:
        yield f"\n{sub} {esc(view['run_heading'])}\n"
        yield from (f"- {esc(line)}" for line in view["run_causes"])
    if view["levels"]:
        yield f"\n{sub} {esc(view['levels_heading'])}\n"
        for level in view["levels"]:
            yield f"- **{esc(level['id'])} {esc(level['name'])}**{view['colon']} {esc(level['change'])}"
            yield from (f"  - {esc(line)}" for line in level["causes"])
    if view["criteria"]:
        yield f"\n{sub} {esc(view['criteria_heading'])}\n"
        for item in view["criteria"]:
            yield f"- **{esc(item['id'])}** {esc(item['title'])}{view['colon']} {esc(item['change'])}"
            yield from (f"  - {esc(line)}" for line in item["causes"])


def history_markdown(view: Mapping[str, Any], esc: Escape) -> Iterator[str]:
    """Level scores over time as a table (the chart is for HTML and PDF)."""
    yield f"\n## {esc(view['heading'])}\n"
    yield f"{esc(view['intro'])}\n"
    yield "| " + " | ".join(esc(c) for c in view["columns"]) + " |"
    width = len(view["columns"])
    yield "|" + "|".join("---:" if 3 <= i < width - 1 else "---" for i in range(width)) + "|"
    for row in view["rows"]:
        cells = [row["date"], row["period"], row["set"], *row["scores"], row["highest"]]
        yield "| " + " | ".join(esc(cell) for cell in cells) + " |"
    if view["note"]:
        yield f"\n{esc(view['note'])}"
