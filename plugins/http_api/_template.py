"""Placeholders in request parameters and bodies: the assessment period and the incremental cursor.

Only the known names are replaced (`{start}`, `{end_unix}`, `{cursor}` …); every other brace is left
alone, so a GraphQL query (`{ conversations { … } }`) or a SOQL clause can be written as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any

from servex import Period

__all__ = ["fill", "period_values"]

_NAMES = (
    "start",
    "end",
    "start_iso",
    "end_iso",
    "start_unix",
    "end_unix",
    "start_ms",
    "end_ms",
    "before_start_unix",
    "after_end_unix",
    "after_end_iso",
    "cursor",
)
_PLACEHOLDER = re.compile(r"\{(" + "|".join(_NAMES) + r")\}")


def period_values(period: Period) -> dict[str, str]:
    start = datetime.combine(period.start, time.min, tzinfo=UTC)
    end = datetime.combine(period.end, time.max.replace(microsecond=0), tzinfo=UTC)
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "start_iso": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_iso": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "start_unix": str(int(start.timestamp())),
        "end_unix": str(int(end.timestamp())),
        "before_start_unix": str(int(start.timestamp()) - 1),  # for APIs that only compare strictly
        "after_end_unix": str(int(end.timestamp()) + 1),
        "after_end_iso": (end + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),  # exclusive ends
        "start_ms": str(int(start.timestamp()) * 1000),
        "end_ms": str(int(end.timestamp()) * 1000 + 999),
    }


def fill(value: Any, values: Mapping[str, str]) -> Any:
    """`value` (a string, or lists and objects of them) with the known placeholders replaced. A string
    that is exactly `{start_unix}` (or another numeric one) in a JSON body becomes a number."""
    if isinstance(value, str):
        whole = _PLACEHOLDER.fullmatch(value)
        if whole and whole.group(1).endswith(("_unix", "_ms")) and whole.group(1) in values:
            return int(values[whole.group(1)])
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value
