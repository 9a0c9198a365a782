"""Who answered a questionnaire and who chose them, as one sentence under the answers.

Tell-me evidence weighs differently when the organisation picked its own respondents; a reader must see
that next to the median, in the report's language. The sentence renders from the structured
`details.sampling` rows the questionnaire evaluator records (role, count, chosen_by, method, population);
the method is the organisation's own words and is quoted as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import Lang

__all__ = ["sampling_sentence"]

def _chosen(chosen_by: Any, role: str, count: int, t: Lang) -> str:
    """Written out per case so the extractor sees every message and French agrees in number."""
    if chosen_by == "organisation":
        return t.n_(
            "{role}: {n} chosen by the organisation", "{role}: {n} chosen by the organisation", count, role=role
        )
    if chosen_by == "assessor":
        return t.n_("{role}: {n} chosen by the assessor", "{role}: {n} chosen by the assessor", count, role=role)
    if chosen_by == "random_draw":
        return t.n_("{role}: {n} drawn at random", "{role}: {n} drawn at random", count, role=role)
    if chosen_by == "self_selected":
        return t.n_("{role}: {n} who chose to answer", "{role}: {n} who chose to answer", count, role=role)
    return t.n_("{role}: {n}, who chose them is not stated", "{role}: {n}, who chose them is not stated", count,
                role=role)


def sampling_sentence(details: Mapping[str, Any], t: Lang) -> str:
    """'Who answered: customers: 6 chosen by the organisation (out of 150), “regulars …”.' or ''."""
    parts = []
    for row in details.get("sampling") or []:
        if not isinstance(row, Mapping):
            continue
        count = int(row.get("respondents") or 0)
        text = _chosen(row.get("chosen_by"), labels.role(row.get("role"), t), count, t)
        if row.get("population"):
            text += " " + t._("(out of {population})", population=t.integer(int(row["population"])))
        if row.get("method"):
            text += ", " + t.quote(str(row["method"]))
        parts.append(text)
    if not parts:
        return ""
    return t._("Who answered: {respondents}.", respondents="; ".join(parts))
