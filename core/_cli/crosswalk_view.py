"""`servex criteria show SET --crosswalk STANDARD`: coverage of a standard's clauses by a set's criteria.

What a consultant puts in front of a client preparing for a standard: every clause, the criteria that
relate to it, and the clauses no criterion covers. Clause numbers not confirmed from the standard are
marked, so nobody cites them as if they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from servex._text import pick

__all__ = ["coverage_lines"]

_WORDS = {
    "en": {
        "covered": "covered",
        "uncovered": "Clauses no criterion covers",
        "unmapped": "Criteria related to no clause",
        "none": "none",
        "unconfirmed": "clause number unconfirmed",
        "of": "of",
        "clauses": "clauses",
    },
    "fr": {
        "covered": "couverts",
        "uncovered": "Chapitres qu'aucun critère ne couvre",
        "unmapped": "Critères sans chapitre",
        "none": "aucun",
        "unconfirmed": "numéro non confirmé",
        "of": "sur",
        "clauses": "chapitres",
    },
}


def coverage_lines(report: Mapping[str, Any], lang: str) -> Iterator[str]:
    words = _WORDS["fr" if lang == "fr" else "en"]
    colon = " :" if lang == "fr" else ":"
    cw, cset = report["crosswalk"], report["criteria_set"]
    rows = report["clauses"]
    yield f"{cw['standard']} — {pick(cw['title'], lang)} / {cset['id']} {cset['version']}"
    yield f"{len(report['covered'])} {words['of']} {len(rows)} {words['clauses']} {words['covered']}"
    note = pick(cw.get("note"), lang)
    if note:
        yield f"  ({note})"
    yield ""
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        mark = " *" if not row["confirmed"] else ""
        listed = ", ".join(row["criteria"]) or "—"
        yield f"  {row['id']:<{width}}  {pick(row['label'], lang)}{mark}{colon} {listed}"
    if any(not r["confirmed"] for r in rows):
        yield f"  * {words['unconfirmed']}"
    yield ""
    uncovered = [r for r in rows if not r["criteria"]]
    yield f"{words['uncovered']}{colon} {len(uncovered) or words['none']}"
    for row in uncovered:
        yield f"  {row['id']}  {pick(row['label'], lang)}"
    if report["unmapped_criteria"]:
        yield f"{words['unmapped']}{colon} {', '.join(report['unmapped_criteria'])}"
