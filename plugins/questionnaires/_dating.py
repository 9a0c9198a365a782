"""When a response was given decides whether it speaks for the assessment period.

What was observed: a response with no `answered_at`, with "sometime", or dated 2019 or 2031 for a 2025
period counted like an interview held at the visit. Answers are tell-me evidence about how things are
done now; an undated one cannot be placed in time, and one given years away from the period describes
another time.

A response is used when it carries a date (YYYY-MM-DD, a time after it is ignored) that falls no more
than a year before the period starts and no more than a year after it ends: interviews and surveys are
held during the period or at the visit after it. A survey export without a date column can take one date
for the whole file (`answered_at:` beside the file in the manifest).
"""

from __future__ import annotations

from datetime import date

from servex import Period
from servex.plugins._period_window import WINDOW_DAYS, far_from_period

__all__ = ["WINDOW_DAYS", "dating_problem"]


def dating_problem(raw: object, period: Period) -> tuple[str, bool] | None:
    """Why a response dated `raw` is not used, and whether that is an error (no date at all, or not a
    date) rather than a warning (a date too far from the period); None when it is used."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return "no answered_at: when the answers were given is unknown, so they are not used", True
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return f"answered_at {text!r} is not a date (YYYY-MM-DD); the answers are not used", True
    far = far_from_period(day, period)
    if far is None:
        return None
    where, before = far
    if before:
        return f"answered on {day.isoformat()}, {where}; the answers describe another time and are not used", False
    return f"answered on {day.isoformat()}, {where}; the date cannot be right, so the answers are not used", False
