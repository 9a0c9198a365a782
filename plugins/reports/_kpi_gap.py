"""What would close the gap of a KPI whose figure meets its target and whose grade does not.

Why: the gap analysis said "Bring requests resolved within the committed time from 100% to ≥ 90%" for a
figure held at partial (see datasets/_held) or short on its monthly trend: a sentence that asks for what
is already there. A met figure's gap is what it lacks: records it can rest on, or the trend.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import Lang
from servex.plugins.reports._labels import N_

__all__ = ["met_kpi_gap"]

#: the first hold's rule -> what would lift it ({kpi}: the KPI's name)
_LIFTS = {
    "deadlines_later_than_promised": N_(
        "Show {kpi} against the promise: deadlines set at the promised time, or the time each request took."
    ),
    "ends_at_deadline": N_("Show how the export sets its due dates, so that {kpi} can stand."),
    "quantile_is_machine_fast": N_("Show {kpi} from a person's first answer, not an automatic one."),
    "quantile_without_most": N_("Answer or close the requests left without an end, so that {kpi} covers them."),
    "dates_without_times": N_("Export the times of day, not dates alone, so that {kpi} can be measured in hours."),
    "records_without_deadline": N_(
        "Set a deadline on every request, or show why some have none, so that {kpi} covers them all."
    ),
    "closed_by_the_tool": N_("Show {kpi} over the requests a person resolved, apart from those the tool closed."),
    "key_never_repeats": N_(
        "Export the customer's own identifier, so that {kpi} can count the customers who come back."
    ),
    "written_answered_in_minutes": N_(
        "Show {kpi} from a person's first answer to each e-mail or form, not an automatic one."
    ),
    "answers_from_review_sites": N_(
        "Show {kpi} from a survey of the organisation's own customers, not from reviews on public sites."
    ),
    "never_reopened": N_("Export every ticket, reopened ones included, so that {kpi} covers them."),
    "closed_complaints_only": N_(
        "Export the whole complaints register, the complaints still open at the end of the period included, so "
        "that {kpi} covers them."
    ),
    "answers_without_complaint": N_(
        "Show {kpi} from the complaints register, or from a survey of complainants only."
    ),
    "records_without_reference": N_(
        "Export the complaints register with each complaint's reference, so that {kpi} rests on complaints that "
        "can be traced."
    ),
    "same_answer_every_record": N_(
        "Show how the field behind {kpi} is recorded and exported, so that it rests on records rather than a "
        "default."
    ),
}


def met_kpi_gap(details: Mapping[str, Any], name: str, t: Lang) -> str | None:
    """The gap of a KPI whose figure meets its target ('' from none), or None when the figure misses it
    (the caller then asks for the target)."""
    if details.get("target_met") is not True:
        return None
    held = details.get("held_at_partial")
    if isinstance(held, list) and held and isinstance(held[0], Mapping):
        words = _LIFTS.get(str(held[0].get("rule")))
        if words is not None:
            return t._(words, kpi=name)
    trend = details.get("trend")
    if isinstance(trend, Mapping) and trend.get("expect") and not trend.get("met"):
        return t._(
            "The monthly trend of {kpi} should be {expected}: find out why it is not, and act on it.",
            kpi=name,
            expected=labels.trend(trend["expect"], t),
        )
    return ""
