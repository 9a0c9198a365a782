"""Which cases an assessor traces: the population, and the reproducible draw from it.

The draw is `random.Random(seed).sample(sorted(ids), min(n, len(ids)))`, the result sorted again for
the worksheet. Sorting first makes the draw independent of the order of the export; Python's seeded
Mersenne Twister and `sample` are stable across releases, so the same seed over the same population
gives the same cases on any machine. The population is every distinct case id of the dataset whose
opening timestamp falls within the assessment period (the same filter KPIs use), or every id listed in
the declared case-list file. `servex cases draw` and the evaluator both call :func:`draw_sample` on the
items of the same collectors, which is what lets the evaluator refuse cases that were not drawn.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servex.plugins.case_samples._params import DATASETS

if TYPE_CHECKING:
    from servex import EvidenceItem, Period

__all__ = ["LIST_KIND", "Sample", "draw", "draw_sample"]

LIST_KIND = "case_list"


@dataclass(frozen=True)
class Sample:
    """The drawn case ids (sorted), how many cases they were drawn from, and the items drawn from."""

    ids: tuple[str, ...]
    population: int
    sources: tuple[EvidenceItem, ...]
    seed: int
    size: int
    #: the exports have no case id to draw by (an `id` column): no case can be traced back to them
    without_ids: bool = False

    def describe_sources(self) -> str:
        return ", ".join(item.provenance.source for item in self.sources)

    def describe(self) -> str:
        return f"{len(self.ids)} of {self.population} cases (seed {self.seed}) from {self.describe_sources()}"


def draw(ids: Iterable[str], n: int, seed: int) -> tuple[str, ...]:
    """The documented algorithm: sort, sample n with a seeded generator, sort the sample."""
    population = sorted(set(ids))
    return tuple(sorted(random.Random(seed).sample(population, min(n, len(population)))))


def _dataset_ids(paths: list[Path], opened: str, period: Period) -> list[str] | None:
    """The distinct case ids of the exports opened in the period; None when they have no `id` column. What
    was observed: a complaints export without one failed the evaluator with a database error, and the
    criterion was marked `error`."""
    import duckdb

    start = datetime.combine(period.start, time())
    end = datetime.combine(period.end + timedelta(days=1), time())
    con = duckdb.connect(":memory:")
    try:
        files = [str(p) for p in paths]
        columns = {row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [files]).fetchall()}
        if "id" not in columns:
            return None
        where = "id IS NOT NULL AND trim(id) <> ''"
        params: list[Any] = [files]
        if opened in columns:
            where += f" AND {opened} >= ? AND {opened} < ?"
            params += [start, end]
        rows = con.execute(f"SELECT DISTINCT trim(id) FROM read_parquet(?) WHERE {where}", params).fetchall()
    finally:
        con.close()
    return [str(row[0]) for row in rows]


def sources_for(params: Mapping[str, Any], items: Iterable[EvidenceItem]) -> tuple[EvidenceItem, ...]:
    """The evidence items a requirement's population comes from (dataset exports or the case list)."""
    if params.get("dataset"):
        found = [i for i in items if i.kind == "dataset" and i.attributes.get("dataset") == params["dataset"]]
    else:
        found = [i for i in items if i.kind == LIST_KIND and i.provenance.source == params["cases_file"]]
    return tuple(sorted(found, key=lambda i: i.id))


def draw_sample(params: Mapping[str, Any], items: Iterable[EvidenceItem], period: Period) -> Sample | None:
    """The sample a requirement's params draw from the collected items; None when there is no population."""
    sources = sources_for(params, items)
    if not sources:
        return None
    found: list[str] | None
    if params.get("dataset"):
        paths = [Path(i.payload) for i in sources if i.payload is not None]
        found = _dataset_ids(paths, DATASETS[params["dataset"]], period) if paths else []
    else:
        found = [case for i in sources for case in (i.payload or ())]
    population = sorted(set(found or ()))
    n, seed = int(params["sample_size"]), int(params["seed"])
    return Sample(draw(population, n, seed), len(population), sources, seed, n, without_ids=found is None)
