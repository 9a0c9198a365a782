"""How far from the assessment period a dated record made by a person still speaks for it.

Interview answers, an assessor's observation and a traced case are tell-me or observed evidence about how
things are done at the time they were given or seen. They are made during the period or at the visit
after it; one dated years away describes another time, or carries a date that cannot be right. What was
observed: an observation dated 2019 satisfied a requirement of a 2025 assessment, like one made at the
visit. Such a record is used when its date falls no more than a year (`WINDOW_DAYS`) before the period
starts and no more than a year after it ends.
"""

from __future__ import annotations

from datetime import date, timedelta

from servex import Period

__all__ = ["WINDOW_DAYS", "far_from_period"]

#: how far before the period's start and after its end a record still speaks for the period
WINDOW_DAYS = 366


def far_from_period(day: date, period: Period) -> tuple[str, bool] | None:
    """(where, before) when `day` is too far from `period`: "more than a year before the period starts
    (2025-01-01)", for a message, and whether it is before the period (a record of another time) rather
    than after it (a date that cannot be right); None when it is near enough."""
    window = timedelta(days=WINDOW_DAYS)
    if day < period.start - window:
        return f"more than a year before the period starts ({period.start.isoformat()})", True
    if day > period.end + window:
        return f"more than a year after the period ends ({period.end.isoformat()})", False
    return None
