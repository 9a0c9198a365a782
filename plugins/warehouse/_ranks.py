"""Exact medians and percentiles of durations without sorting every record once per KPI and grouping.

`percentile_cont` is an ordered-set aggregate: PostgreSQL sorts its input on one core, for each KPI and
each grouping (total, months, each breakdown), after sorting the whole rows by the grouping key; at 3M
tickets that was most of three minutes. Instead, in three steps that give percentile_cont's value:

1. one aggregate query (hash aggregates, no sort) counts the sampled records per KPI, grouping and
   bucket, with each bucket's smallest and largest duration. Buckets are narrow ranges of the duration
   on a log scale (about 0.3 % wide), so any unit or spread gives a few thousand of them per group;
2. here, a running sum over the buckets finds the buckets holding the records at positions
   floor(q(n - 1)) and ceil(q(n - 1)), numbered as percentile_cont numbers them;
3. the records of those buckets only (a fraction of a percent of the table) are fetched, sorted here,
   and the two values interpolated as percentile_cont does: lo + (pos - floor(pos)) * (hi - lo).

The values are the database's own doubles and the arithmetic is the same IEEE arithmetic, so the
result is percentile_cont's to the last bit (tests/warehouse checks it against DuckDB's quantile_cont).
A position at a bucket's edge needs no fetch (its min or max), nor one in a bucket of equal values.
When buckets would overlap (a database whose `ln` is not monotonic) or the buckets to fetch are too
large, `exact_values` returns None and the caller asks the database for percentile_cont itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from servex.plugins.warehouse._formulas import Plan

__all__ = ["exact_values"]

_WIDTH = 300  #: buckets per e-fold of the duration in seconds: each about 0.3 % wide
_FETCH_LIMIT = 2_000_000  #: records fetched in step 3 at most; beyond, percentile_cont does it

Key = tuple[str, str, Any]  #: (KPI tag, grouping name, group key)
Keys = Sequence[tuple[str, Callable[[Any], Any]]]  #: (grouping name, the group key of a table)


def _bucket(d: Any, unit: int) -> Any:
    """A whole number that never decreases as the duration `d` (in its unit) grows; 0 from 0 s to 1/300 e-fold."""
    import ibis

    x = d * unit
    return ibis.ifelse(x < 0, -((1 - x).ln() * _WIDTH).floor() - 1, ((1 + x).ln() * _WIDTH).floor()).cast("int64")


def _union(branches: list[Any]) -> Any:
    return branches[0].union(*branches[1:], distinct=False) if len(branches) > 1 else branches[0]


def exact_values(u: Any, plans: Sequence[Plan], keys: Keys) -> dict[Key, float] | None:
    """(tag, grouping, key) -> the KPI's exact quantile for every group with a sampled record, over the
    table `u` (sample flags `_s<tag>`, durations `_d<tag>`); None: ask percentile_cont instead."""
    import ibis
    from servex.plugins.warehouse._compute import rows_of

    # each KPI's bucket, empty outside its sample: every grouping of every KPI then reads one table
    u = u.mutate(
        **{
            f"_b{p.tag}": ibis.ifelse(u[f"_s{p.tag}"], _bucket(u[f"_d{p.tag}"], p.rank[1]), ibis.null("int64"))
            for p in plans
            if p.rank is not None
        }
    )
    # every record of the period is in exactly one month: the total's buckets are the months' added up
    by_month = {name for name, _ in keys} >= {"total", "_m"}
    branches = []
    for p in plans:
        d = u[f"_d{p.tag}"]
        for name, key in keys:
            if name == "total" and by_month:
                continue
            grouped = u.group_by(_t=ibis.literal(p.tag), _g=ibis.literal(name), _k=key(u), _b=u[f"_b{p.tag}"])
            branches.append(grouped.aggregate(_c=ibis._.count(), _lo=d.min(), _hi=d.max()))
    buckets: dict[Key, list[tuple[int, int, float, float]]] = {}
    for row in rows_of(_union(branches)):
        if row["_b"] is None:  # the records outside the KPI's sample
            continue
        buckets.setdefault((row["_t"], row["_g"], row["_k"]), []).append(
            (int(row["_b"]), int(row["_c"]), float(row["_lo"]), float(row["_hi"]))
        )
    if by_month:
        _add_months(buckets)
    quantile = {p.tag: p.rank[0] for p in plans if p.rank is not None}
    found: dict[tuple[Key, int], float] = {}  # (group, position) -> value
    #: (group, bucket) -> (its count, [(position, index in the bucket)])
    fetch: dict[tuple[Key, int], tuple[int, list[tuple[int, int]]]] = {}
    positions: dict[Key, tuple[float, int, int]] = {}
    for group, ordered in buckets.items():
        ordered.sort()
        if any(a[3] > b[2] for a, b in pairwise(ordered)):
            return None
        n = sum(c for _, c, _, _ in ordered)
        pos = quantile[group[0]] * (n - 1)
        first, second = math.floor(pos), math.ceil(pos)
        positions[group] = (pos, first, second)
        for rank in {first, second}:
            before = 0
            for b, c, lo, hi in ordered:
                if rank < before + c:
                    index = rank - before
                    if index == 0 or lo == hi:
                        found[(group, rank)] = lo
                    elif index == c - 1:
                        found[(group, rank)] = hi
                    else:
                        fetch.setdefault((group, b), (c, []))[1].append((rank, index))
                    break
                before += c
    if sum(c for c, _ in fetch.values()) > _FETCH_LIMIT:
        return None
    if fetch and not _fetch(u, plans, keys, fetch, found):
        return None
    out: dict[Key, float] = {}
    for group, (pos, first, second) in positions.items():
        low, high = found[(group, first)], found[(group, second)]
        out[group] = low + (pos - first) * (high - low)  # percentile_cont's float8 interpolation
    return out


def _add_months(buckets: dict[Key, list[tuple[int, int, float, float]]]) -> None:
    """The total's buckets from the months': counts added, the smallest low and the largest high."""
    totals: dict[tuple[str, int], tuple[int, float, float]] = {}
    for (tag, name, _), rows in list(buckets.items()):
        if name != "_m":
            continue
        for b, c, lo, hi in rows:
            had = totals.get((tag, b))
            totals[(tag, b)] = (c, lo, hi) if had is None else (had[0] + c, min(had[1], lo), max(had[2], hi))
    for (tag, b), (c, lo, hi) in totals.items():
        buckets.setdefault((tag, "total", None), []).append((b, c, lo, hi))


def _fetch(
    u: Any,
    plans: Sequence[Plan],
    keys: Keys,
    fetch: dict[tuple[Key, int], tuple[int, list[tuple[int, int]]]],
    found: dict[tuple[Key, int], float],
) -> bool:
    """Step 3, in one scan: the records in any bucket to fetch of their KPI, with their group keys; each
    bucket's durations are then picked and sorted here. False if a bucket changed size meanwhile."""
    from servex.plugins.warehouse._compute import rows_of

    tests = []
    columns: dict[str, Any] = {name: key(u) for name, key in keys if name != "total"}
    for p in plans:
        wanted = sorted({bucket for (k, bucket) in fetch if k[0] == p.tag})
        if wanted:
            tests.append(u[f"_b{p.tag}"].isin(wanted))
            columns |= {f"_b{p.tag}": u[f"_b{p.tag}"], f"_d{p.tag}": u[f"_d{p.tag}"]}
    test = tests[0]
    for more in tests[1:]:
        test = test | more
    values: dict[tuple[Key, int], list[float]] = {}
    for row in rows_of(u.filter(test).select(**columns)):
        for p in plans:
            bucket = row.get(f"_b{p.tag}")
            if bucket is None:
                continue
            for name, _ in keys:
                where = ((p.tag, name, None if name == "total" else row[name]), bucket)
                if where in fetch:
                    values.setdefault(where, []).append(float(row[f"_d{p.tag}"]))
    for where, (count, wanted_ranks) in fetch.items():
        got = sorted(values.get(where, []))
        if len(got) != count:  # the table changed between the two queries
            return False
        for rank, index in wanted_ranks:
            found[(where[0], rank)] = got[index]
    return True
