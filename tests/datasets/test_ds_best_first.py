"""A survey scale whose best answer is 1 is turned round when declared so, and refused when only its header says so.

What was observed: a German survey export, "Zufriedenheit (1 = sehr zufrieden, 5 = sehr unzufrieden)", was
read as exported: CSAT top-2-box counted the 4s and 5s, the unhappy customers, and printed 20 % for a
survey where eight in ten answered 1 or 2. Nothing in the result said the scale might run the other way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import Collect, Evaluate, write_csv
from test_ds_margin import CSAT, PARAMS

HEADER = ["id", "responded_at", "Zufriedenheit (1 = sehr zufrieden, 5 = sehr unzufrieden)"]


def _answers() -> list[list[Any]]:
    """200 answers over 2025: eight in ten a 1 or a 2 (the best), the rest 4 or 5."""
    grades = [1, 2, 1, 2, 1, 2, 1, 2, 4, 5]
    return [[f"r{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z", grades[i % 10]] for i in range(200)]


def _spec(path: str, **extra: Any) -> dict[str, Any]:
    return {"path": path, "dataset": "survey", "mapping": {"satisfaction_score": HEADER[2]}, **extra}


def test_a_header_that_says_1_is_best_refuses_an_undeclared_scale(evidence: Path, collect: Collect) -> None:
    items, ctx = collect(_spec(write_csv(evidence, "umfrage.csv", HEADER, _answers(), delimiter=";")))
    errors = [e.message for e in ctx.log if e.level == "error"]
    assert items == [] and any("says 1 is the best answer" in m and "[5, 1]" in m for m in errors), errors


@pytest.mark.parametrize("in_memory", [True, False])
def test_a_scale_declared_best_first_is_turned_round(
    evidence: Path, collect: Collect, evaluate: Evaluate, monkeypatch: pytest.MonkeyPatch, in_memory: bool
) -> None:
    import servex.plugins.datasets._live as live

    if not in_memory:
        monkeypatch.setattr(live, "_SHARE", 10**12)
    path = write_csv(evidence, "umfrage.csv", HEADER, _answers(), delimiter=";")
    items, ctx = collect(_spec(path, scales={"satisfaction_score": [5, 1]}))
    assert [e for e in ctx.log if e.level == "error"] == []
    assert items[0].attributes["scales"] == {"satisfaction_score": [1, 5]}
    outcome = evaluate("kpi", PARAMS, items, CSAT)
    assert (outcome.state, outcome.details["value"]) == ("satisfied", 80.0)


def test_a_declared_scale_as_it_is_reads_the_answers_as_exported(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    """The header misleads (the export reversed the answers already): the file's word wins."""
    path = write_csv(evidence, "umfrage.csv", HEADER, _answers(), delimiter=";")
    items, _ = collect(_spec(path, scales={"satisfaction_score": [1, 5]}))
    assert evaluate("kpi", PARAMS, items, CSAT).details["value"] == 20.0
