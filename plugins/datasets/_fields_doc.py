"""The canonical fields of every dataset kind as a Markdown table, for docs/evidence-data.md.

The table in the docs is generated from `FIELDS` (a drift test compares them), so the documentation
cannot list a field the collector does not know or miss one it does. Regenerate with
`python -m servex.plugins.datasets._fields_doc docs/evidence-data.md`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS, SCALES, SCORE_DATASETS

__all__ = ["BEGIN", "END", "fields_markdown", "update"]

BEGIN, END = "<!-- fields:begin (generated, see _fields_doc.py) -->", "<!-- fields:end -->"
_KINDS = {
    "ts": "timestamp",
    "bool": "yes/no",
    "num": "number",
    "text": "text",
    "cat": "category",
}


def _describe(dataset: str, name: str) -> str:
    kind = FIELDS[dataset].get(name)
    if kind is None:
        return ""
    text = _KINDS[kind]
    if name in SCALES:
        low, high = SCALES[name]
        text = f"score {low}-{high}"
    return f"**{text}** (date field)" if name == DATE_FIELDS[dataset] else text


def fields_markdown() -> str:
    """One row per field, one column per dataset kind: the field's type there, empty where it has none."""
    datasets = list(FIELDS)
    names: list[str] = []
    for dataset in datasets:
        names += [n for n in FIELDS[dataset] if n not in names]
    lines = [BEGIN, "", "| Field | " + " | ".join(datasets) + " |", "| --- |" + " --- |" * len(datasets)]
    for name in names:
        lines.append(f"| `{name}` | " + " | ".join(_describe(d, name) for d in datasets) + " |")
    own = ["score, declared scale" if d in SCORE_DATASETS else "" for d in datasets]
    lines.append("| *an item of your own* (`scores:`) | " + " | ".join(own) + " |")
    lines += ["", END]
    return "\n".join(lines)


def update(doc: Path) -> bool:
    """Rewrite the generated block of `doc`; True when it changed."""
    text = doc.read_text("utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    new = text[:start] + fields_markdown() + text[end:]
    if new != text:
        doc.write_text(new, "utf-8")
    return new != text


if __name__ == "__main__":
    update(Path(sys.argv[1]))
