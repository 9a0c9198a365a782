"""Exact medians and percentiles of durations from a histogram, so they spill instead of running out of memory.

`quantile_cont` inside a grouped query keeps every value of every group in memory: 5 million tickets
needed more than 512 MB and every KPI of the batch failed. Durations are whole microseconds, so counting
records per (group, duration) loses nothing: a hash aggregate, which DuckDB spills to disk, followed by
a running sum over the (far fewer) distinct durations finds the two values around the quantile's
position and interpolates between them exactly as `quantile_cont` does (position q x (n - 1)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servex.plugins.datasets._sql import Compiled

__all__ = ["histogram_quantiles", "quantile_query", "quantile_values", "shared_quantiles"]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quantile_query(sampled: str, tag: str, span_us: str, quantiles: Sequence[float], groups: Sequence[str]) -> str:
    """SQL giving, per group (total, month, each breakdown value), n and for each quantile the durations
    at the floor and ceiling of its position. `sampled` is the query that defines `_s<tag>` and `_m`."""
    flags = ["GROUPING(_m) AS _g0", "_m"] + [f"GROUPING({_q(g)}) AS _g{j + 1}, {_q(g)}" for j, g in enumerate(groups)]
    part = ", ".join(["_g0", "_m"] + [f"_g{j + 1}, {_q(g)}" for j, g in enumerate(groups)])
    sets = ", ".join(["(_d)", "(_m, _d)"] + [f"({_q(g)}, _d)" for g in groups])
    histogram = (
        f"SELECT {', '.join(flags)}, _d, count(*) AS _c "
        f"FROM (SELECT *, {span_us} AS _d FROM ({sampled}) WHERE _s{tag}) GROUP BY GROUPING SETS ({sets})"
    )
    running = (
        f"SELECT *, sum(_c) OVER (PARTITION BY {part} ORDER BY _d ROWS UNBOUNDED PRECEDING) AS _cum, "
        f"sum(_c) OVER (PARTITION BY {part}) AS _n FROM ({histogram})"
    )
    picks = ", ".join(
        f"min(_d) FILTER (WHERE _cum - 1 >= floor({q!r} * (_n - 1))), "
        f"min(_d) FILTER (WHERE _cum - 1 >= ceil({q!r} * (_n - 1)))"
        for q in quantiles
    )
    return f"SELECT {part}, any_value(_n), {picks} FROM ({running}) GROUP BY {part}"


def quantile_values(
    rows: Sequence[tuple[Any, ...]], groups: Sequence[str], quantiles: Sequence[float], unit_seconds: float
) -> dict[tuple[str, str], list[float | None]]:
    """(kind, key) -> one value per quantile, in the KPI's unit. kind: "total" (key ""), "month" (key
    YYYY-MM) or a breakdown field (key its value, "(none)" for empty)."""
    out: dict[tuple[str, str], list[float | None]] = {}
    width = 2 + 2 * len(groups)
    for row in rows:
        n = int(row[width])
        values: list[float | None] = []
        for i, q in enumerate(quantiles):
            low, high = row[width + 1 + 2 * i], row[width + 2 + 2 * i]
            if low is None or high is None:
                values.append(None)
                continue
            pos = q * (n - 1)
            exact = float(low) + (pos - math.floor(pos)) * (float(high) - float(low))
            values.append(round(exact / 1e6 / unit_seconds, 4))
        if not row[0]:
            out[("month", f"{row[1].year:04d}-{row[1].month:02d}")] = values
            continue
        key = ("total", "")
        for j, group in enumerate(groups):
            if not row[2 + 2 * j]:
                label = row[3 + 2 * j]
                key = (group, "(none)" if label is None else str(label))
        out[key] = values
    return out


def shared_quantiles(compiled: Sequence[Compiled]) -> list[str]:
    """Each KPI's aggregate; medians and percentiles of the same durations over the same sample share one
    `quantile_cont` with a list of quantiles (one sort of the values instead of one per quantile)."""
    out = [c.value for c in compiled]
    shared: dict[tuple[str, str, str], list[int]] = {}
    for i, c in enumerate(compiled):
        if c.quantile is not None and c.span is not None and c.value.startswith("quantile_cont("):
            shared.setdefault((c.span, c.sample, repr(c.sample_params)), []).append(i)
    for members in shared.values():
        if len(members) > 1:
            wanted = ", ".join(repr(float(compiled[i].quantile[1])) for i in members)  # type: ignore[index]
            together = f"(quantile_cont({compiled[members[0]].span}, [{wanted}]) FILTER (WHERE _s{members[0]}))"
            for k, i in enumerate(members, start=1):
                out[i] = f"{together}[{k}]"
    return out


def histogram_quantiles(
    con: Any, compiled: list[Compiled], groups: list[str], sampled: str, params: list[Any]
) -> dict[int, dict[tuple[str, str], float | None]]:
    """KPI index -> its quantile per group; KPIs on the same durations share one histogram."""
    shared: dict[tuple[str, str, str, int], list[tuple[int, float]]] = {}
    for i, c in enumerate(compiled):
        if c.quantile is not None:
            key = (c.quantile[0], c.sample, repr(c.sample_params), c.quantile[2])
            shared.setdefault(key, []).append((i, c.quantile[1]))
    out: dict[int, dict[tuple[str, str], float | None]] = {}
    for (span, _sample, _params, unit), pairs in shared.items():
        members, wanted = [i for i, _ in pairs], [q for _, q in pairs]
        rows = con.execute(quantile_query(sampled, str(members[0]), span, wanted, groups), params).fetchall()
        values = quantile_values(rows, groups, wanted, unit)
        for k, i in enumerate(members):
            out[i] = {key: v[k] for key, v in values.items()}
    return out
