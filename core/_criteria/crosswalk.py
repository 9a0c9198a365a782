"""Crosswalks: which clauses of a standard each criterion relates to, and which clauses none covers.

A crosswalk is data keyed by criterion id (`criteria/crosswalks/<standard>.yaml`, contributed through the
`servex_crosswalks` hook), kept apart from the criteria sets so a set can be reworked without touching
them and a consultancy can ship a crosswalk to a standard servex does not know. It holds clause numbers
and our own short labels only, never a standard's text. Numbers not confirmed from the standard itself
carry `confirmed: false`, and every view flags them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servex._criteria.model import CriteriaSet, Criterion
from servex._errors import InvalidInputError, Problem
from servex._plugins import Plugins
from servex._record import frozen
from servex._schemas import validate
from servex._text import Text
from servex._yamldoc import load_yaml

__all__ = ["Clause", "Crosswalk", "clauses_of", "coverage", "crosswalk_index", "load_crosswalk", "unknown_crosswalk"]


@frozen
class Clause:
    id: str
    label: Text
    confirmed: bool


@frozen
class Crosswalk:
    id: str
    standard: str
    title: Text
    note: Text
    source: str
    clauses: tuple[Clause, ...]
    #: criterion id -> clause ids
    criteria: Mapping[str, tuple[str, ...]]
    #: model element id -> clause ids (a criterion showing the element relates to them)
    elements: Mapping[str, tuple[str, ...]]


def load_crosswalk(path: Path, display: str | None = None) -> Crosswalk:
    """Read and check one crosswalk file: schema, then that every clause it names is in its list."""
    doc = load_yaml(path, display=display or path.name, trusted=True)
    problems = validate("crosswalk", doc)
    if problems:
        raise InvalidInputError(problems)
    data: Mapping[str, Any] = doc.data
    known = [c["id"] for c in data["clauses"]]
    for index, cid in enumerate(known):
        if cid in known[:index]:
            problems.append(doc.problem(("clauses", index, "id"), f"clause {cid!r} is listed twice"))
    for section in ("criteria", "elements"):
        for key, clauses in (data.get(section) or {}).items():
            for index, clause in enumerate(clauses):
                if clause not in known:
                    problems.append(
                        doc.problem((section, key, index), f"clause {clause!r} is not in this crosswalk's clauses")
                    )
    if problems:
        raise InvalidInputError(problems)
    default = bool(data.get("confirmed", False))
    return Crosswalk(
        id=data["id"],
        standard=data["standard"],
        title=dict(data["title"]),
        note=dict(data.get("note") or {"en": "", "fr": ""}),
        source=str(path),
        clauses=tuple(Clause(c["id"], dict(c["label"]), bool(c.get("confirmed", default))) for c in data["clauses"]),
        criteria={k: tuple(v) for k, v in (data.get("criteria") or {}).items()},
        elements={k: tuple(v) for k, v in (data.get("elements") or {}).items()},
    )


def crosswalk_index(plugins: Plugins) -> dict[str, Path]:
    """Crosswalk id -> file, from every plugin's `servex_crosswalks` (the first plugin keeps an id)."""
    found: dict[str, Path] = {}
    for _plugin, path in plugins.crosswalk_paths():
        doc = load_yaml(path, display=path.name, trusted=True)
        cid = doc.data.get("id") if isinstance(doc.data, Mapping) else None
        if isinstance(cid, str):
            found.setdefault(cid, path)
    return dict(sorted(found.items()))


def clauses_of(crosswalk: Crosswalk, criterion: Criterion) -> tuple[str, ...]:
    """The clauses a criterion relates to: named for it, or through the model elements it shows."""
    named = list(crosswalk.criteria.get(criterion.id, ()))
    for element in criterion.elements:
        named += crosswalk.elements.get(element, ())
    order = [c.id for c in crosswalk.clauses]
    return tuple(sorted(set(named), key=order.index))


def coverage(crosswalk: Crosswalk, cset: CriteriaSet) -> dict[str, Any]:
    """Per clause, the set's criteria that relate to it; the clauses none covers; criteria it leaves out."""
    by_clause: dict[str, list[str]] = {c.id: [] for c in crosswalk.clauses}
    unmapped = []
    for criterion in cset.criteria:
        clauses = clauses_of(crosswalk, criterion)
        if not clauses:
            unmapped.append(criterion.id)
        for clause in clauses:
            by_clause[clause].append(criterion.id)
    rows = [
        {"id": c.id, "label": c.label, "confirmed": c.confirmed, "criteria": by_clause[c.id]} for c in crosswalk.clauses
    ]
    return {
        "crosswalk": {
            "id": crosswalk.id,
            "standard": crosswalk.standard,
            "title": crosswalk.title,
            "note": crosswalk.note,
        },
        "criteria_set": {"id": cset.id, "version": cset.version},
        "clauses": rows,
        "covered": [r["id"] for r in rows if r["criteria"]],
        "uncovered": [r["id"] for r in rows if not r["criteria"]],
        "unmapped_criteria": unmapped,
    }


def unknown_crosswalk(name: str, known: Mapping[str, Path]) -> InvalidInputError:
    return InvalidInputError(
        [Problem("", None, None, f"unknown crosswalk {name!r} (known: {', '.join(known) or 'none'})")]
    )
