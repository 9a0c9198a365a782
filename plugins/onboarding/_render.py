"""The text of the `servex.yaml` that `servex init` proposes: valid YAML, with comments that teach.

The manifest is written by hand rather than dumped, so each entry can say where it came from ("layout
recognised: Zendesk", "columns no field takes: Notes") and what the user should still check. Values go
through PyYAML's emitter so names with colons, quotes or accents stay valid YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from servex.plugins.onboarding._bearing import Bearing
from servex.plugins.onboarding._exports import ExportGuess

__all__ = ["Answers", "render_manifest"]


@dataclass
class Answers:
    """What the user confirmed (or the defaults taken with --yes)."""

    name: str
    sector: str = ""
    country: str = ""
    language: str = "en"
    timezone: str = "UTC"
    start: str = ""
    end: str = ""
    criteria: list[str] = field(default_factory=lambda: ["servex-pyramid"])
    exports: list[ExportGuess] = field(default_factory=list)  #: the exports to declare (dataset set)
    skipped: list[ExportGuess] = field(default_factory=list)  #: exports left out, listed as comments
    documents: list[Bearing] = field(default_factory=list)


def _v(value: Any) -> str:
    """One YAML scalar or flow collection, on one line."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False)
    return text.removesuffix("\n...\n").strip()


def _source_name(guess: ExportGuess, taken: set[str]) -> str:
    base = f"{guess.dataset}-export".replace("_", "-")
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _export_lines(guess: ExportGuess, name: str, timezone: str) -> list[str]:
    lines = [f"  - name: {name}"]
    if guess.layout:
        lines.append(f"    # layout recognised: {guess.layout} (its columns are mapped automatically)")
    lines += ["    collector: datasets", "    required: true", "    config:", "      files:"]
    lines.append(f"        - path: {_v(guess.path)}")
    lines.append(f"          dataset: {guess.dataset}")
    lines.append(f"          timezone: {_v(timezone)}    # the time zone of times written without an offset")
    if guess.mapping:
        lines.append("          mapping:                  # canonical field: column of the export (as inferred)")
        lines += [f"            {field_}: {_v(column)}" for field_, column in guess.mapping.items()]
    if guess.derived:
        lines.append(f"          # computed by the layout from two columns: {', '.join(guess.derived)}")
    if guess.unmapped:
        lines.append(f"          # columns no field takes (map one if it is a field): {', '.join(guess.unmapped)}")
    if guess.missing:
        missing = ", ".join(guess.missing)
        lines.append(f"          # fields with no column (KPIs that need them are not assessed): {missing}")
    return lines


def _document_lines(doc: Bearing) -> list[str]:
    lines = [f"  - path: {_v(doc.path)}"]
    if doc.title:
        lines.append(f"    title: {_v(doc.title)}")
    if doc.owner:
        lines.append(f"    owner: {_v(doc.owner)}          # as the document states it")
    if doc.approved:
        lines.append(f"    approved: {_v(doc.approved)}    # as the document states it")
    if not (doc.owner and doc.approved):
        lines.append("    # owner: <who owns it>          approved: <YYYY-MM-DD>   (key documents need both)")
    full = [f"{c} ({r})" for c, r, s in doc.criteria if s == "match"]
    part = [f"{c} ({r})" for c, r, s in doc.criteria if s != "match"]
    if full:
        lines.append(f"    # may bear on: {', '.join(full)}")
    if part:
        lines.append(f"    # in part (a subject found, some of what the requirement asks missing): {', '.join(part)}")
    if not doc.criteria:
        lines.append("    # no passage matched a requirement of the criteria set")
    return lines


def render_manifest(answers: Answers, folder_name: str) -> str:
    """The whole manifest text, the same bytes for the same folder and answers."""
    from servex import __version__

    org: dict[str, str] = {"name": answers.name}
    for key in ("sector", "country", "language"):
        if getattr(answers, key):
            org[key] = getattr(answers, key)
    criteria: Any = answers.criteria[0] if len(answers.criteria) == 1 else answers.criteria
    out = [
        f"# servex manifest for {folder_name}, proposed by `servex init` (servex {__version__}).",
        "# Check every line marked with a comment, then run: servex assess .",
        "# Reference: docs/manifest.md (`servex schema manifest` prints its JSON Schema).",
        'format_version: "1"',
        f"organisation: {_v(org)}",
        "# assessor: {name: <your name>, organisation: <your firm>}",
        f"criteria: {_v(criteria)}",
        f"period: {_v({'start': answers.start, 'end': answers.end, 'timezone': answers.timezone})}",
        f"lang: {answers.language}",
        "",
    ]
    if answers.documents:
        out += ["# What the owner says about each document: title, owner and approval date.", "files:"]
        for doc in answers.documents:
            out += _document_lines(doc)
        out.append("")
    out.append("sources:")
    out.append("  - name: documents")
    out.append("    collector: documents")
    taken: set[str] = {"documents"}
    for guess in answers.exports:
        out += _export_lines(guess, _source_name(guess, taken), answers.timezone)
    for guess in answers.skipped:
        reason = guess.problem or ("its dataset could not be told" if guess.dataset is None else "left out")
        out.append(f"  # not declared: {guess.path} ({reason})")
    out += [
        "",
        "# Criteria that do not apply, with who approved it (never a knock-out):",
        "# not_applicable:",
        '#   - {criterion: PYR-L1-07, justification: "...", approved_by: "..."}',
        "",
    ]
    return "\n".join(out)
