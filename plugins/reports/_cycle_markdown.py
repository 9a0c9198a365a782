"""Markdown of the certification-cycle sections (exceptions; changes since the last assessment).

Kept apart from `_markdown.py` so those sections can grow without touching the gap analysis itself.
The caller passes its own escaper, so these sections escape exactly like the rest of the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["exceptions_markdown"]

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
