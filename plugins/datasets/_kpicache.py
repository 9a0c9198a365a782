"""KPI figures cached by everything they depend on, so an unchanged re-run reads no records at all.

A batch's figures depend on the records (each file's conversion key: its content hash, format, file
settings, time zone and the conversion's version), the KPI definitions of the batch, the period, the
time zone, the segment, and the engine's code (servex's version and `_ENGINE` below). The key covers all
of them, so a changed export, mapping, criteria set or period computes afresh. Cold and warm runs
return the same JSON-decoded figures, byte for byte (principle 6): the cold run hands back what it
stored, not the objects it computed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from servex import OutputError, Period, __version__, write_atomic
from servex.plugins.datasets._live import Table

__all__ = ["cached"]

_ENGINE = "3"  # bump when the engine computes any figure differently (2: thin months not covered; 3: spread)


def _key(
    kpis: Sequence[Mapping[str, Any]], tables: Sequence[Table], period: Period, segment: Any, zone: str
) -> str:
    parts = [
        __version__,
        _ENGINE,
        sorted(t.key for t in tables),
        list(kpis),
        [period.start.isoformat(), period.end.isoformat()],
        segment,
        zone,
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def cached(
    kpis: Sequence[Mapping[str, Any]],
    paths: Sequence[Any],
    period: Period,
    segment: Mapping[str, Any] | None,
    zone: str,
    compute: Callable[[], Mapping[str, Any]],
) -> dict[str, Any]:
    """`compute()`'s figures, from the cache when the same batch was computed on the same records before.

    Only batches whose every file is a collector's Table (which carries its conversion key) are cached."""
    tables = [p for p in paths if isinstance(p, Table)]
    if not tables or len(tables) != len(paths):
        return dict(compute())
    folder: Path = tables[0].parquet.parent
    entry = folder / f"kpis-{_key(kpis, tables, period, segment, zone)}.json"
    try:
        found: dict[str, Any] = json.loads(entry.read_text("utf-8"))
        return found
    except (OSError, ValueError):
        pass  # absent, or unreadable: compute again
    computed = dict(compute())
    try:
        text = json.dumps(computed)
    except TypeError:  # pragma: no cover - the engine gives JSON types only
        return computed
    with contextlib.suppress(OutputError):  # a read-only cache: the figures are still right, just not kept
        write_atomic(entry, text)  # concurrent runs never read half an entry
    result: dict[str, Any] = json.loads(text)
    return result
