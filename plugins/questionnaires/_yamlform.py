"""A blank answers file, in the format the collector reads, to fill in a text editor.

Every answer starts as `null` (not answered, so a half-filled file is still valid) with the question,
its help and the accepted values in comments right above it: the person typing needs nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from servex import CriteriaSet, pick
from servex.plugins.questionnaires._fields import ROLES, Item

__all__ = ["build_yaml"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def accepted(item: Item, lang: str) -> str:
    """What may be written as the answer, for the comment line and the terminal prompt."""
    q = item.question
    if q.type == "yes_no":
        return "true | false"
    if q.type == "number":
        return "a number"
    if q.type == "text":
        return "free text"
    listed = " | ".join(f"{c.id} ({pick(c.label, lang)})" for c in q.choices)
    return f"[one or more of] {listed}" if q.type == "multiple" else listed


def build_yaml(cset: CriteriaSet, items: Sequence[Item], lang: str, role: str | None, level: str | None) -> str:
    scope = ", ".join(p for p in (f"level {level}" if level else "", f"role {role}" if role else "") if p)
    lines = [
        f"# Answers to {cset.id} {cset.version}{f' ({scope})' if scope else ''}: {pick(cset.title, lang)}.",
        "# One block under `responses:` per respondent; copy it for the next one. Leave `null` when not",
        "# answered. Put the file in answers/ in the evidence folder (docs/questionnaires.md).",
        'format_version: "1"',
        f"criteria_set: {_q(cset.id)}",
        f"criteria_version: {_q(cset.version)}",
        "responses:",
        f'  - respondent: {{id: r01, name: "", role: {role or _q("")}}}'
        + ("" if role else f"   # role: {' | '.join(ROLES)}"),
        '    answered_at: ""   # YYYY-MM-DD',
        "    answers:",
    ]
    current = None
    for item in items:
        if item.criterion is not current:
            current = item.criterion
            lines.append(f"      {current.id}:   # {pick(current.title, lang)}")
        q = item.question
        lines.append(f"        # {pick(q.text, lang)}" + ("" if role else f" [{', '.join(q.roles)}]"))
        if pick(q.help, lang):
            lines.append(f"        # ? {pick(q.help, lang)}")
        if q.ask_if:
            lines.append(
                f"        # only if {q.ask_if['question']} is {json.dumps(q.ask_if['equals'], ensure_ascii=False)}"
            )
        lines.append(f"        # {accepted(item, lang)}")
        lines.append(f"        {q.id}: null")
    return "\n".join(lines) + "\n"
