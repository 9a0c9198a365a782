"""Issue 23, "what was observed" 1-6: each way a data export misled a user, reproduced on small data."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from ds_support import Collect, Evaluate, write_csv
from servex import Period

SHIPPED = {
    k["id"]: k
    for k in yaml.safe_load((Path(__file__).parents[2] / "criteria/kpis.yaml").read_text("utf-8"))["kpis"]
}
JAN = Period(date(2026, 1, 1), date(2026, 1, 31))


def _target(op: str = ">=", value: float = 0) -> dict[str, Any]:
    return {"op": op, "value": value}


# 1. Day-first dates ---------------------------------------------------------------------------------


def _day_first_tickets(n: int = 200) -> tuple[list[list[Any]], float]:
    """Tickets created in January 2026 written dd/mm/yyyy hh:mm, resolved 30-60 h later."""
    rows, hours = [], []
    start = datetime(2026, 1, 1, 8, 0)
    for i in range(n):
        created = start + timedelta(hours=3 * i + (i % 5))
        resolved = created + timedelta(minutes=1800 + 17 * (i % 107))
        hours.append((resolved - created).total_seconds() / 3600)
        rows.append([i + 1, created.strftime("%d/%m/%Y %H:%M"), resolved.strftime("%d/%m/%Y %H:%M")])
    return rows, statistics.median(hours)


def test_day_first_dates_are_detected_without_a_date_format(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    rows, median = _day_first_tickets()
    assert rows[0][1] == "01/01/2026 08:00" and any(int(r[1][:2]) > 12 for r in rows)
    name = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at"], rows)
    items, ctx = collect({"path": name, "dataset": "tickets"}, period=JAN)
    assert [e for e in ctx.log if e.level == "error"] == []
    assert items[0].attributes["months"] == {"2026-01": 200}
    out = evaluate(
        "kpi", {"kpi": "resolution_time", "target": _target("<=", 48), "min_coverage": 0}, items, SHIPPED, JAN
    )
    assert out.details["value"] == round(median, 4) and out.details["sample"] == 200


def test_a_column_that_never_settles_the_order_names_date_format(evidence: Path, collect: Collect) -> None:
    rows = [[1, "06/01/2026 13:22"], [2, "07/01/2026 09:00"], [3, "03/02/2026 10:00"]]
    name = write_csv(evidence, "t.csv", ["id", "created_at"], rows)
    items, ctx = collect({"path": name, "dataset": "tickets"}, period=JAN)
    assert items == []
    error = next(e for e in ctx.log if e.field == "created_at")
    assert "date_format" in error.message and "'06/01/2026 13:22'" in error.message
    assert (error.file, error.line) == ("t.csv", 2)


def test_over_one_percent_unreadable_fails_the_file_with_share_and_examples(
    evidence: Path, collect: Collect
) -> None:
    rows = [[i, f"2026-01-{1 + i % 28:02d} 10:00", "2026-01-29 10:00"] for i in range(1, 98)]
    rows += [[98, "2026-01-02", "soon"], [99, "2026-01-03", "later"], [100, "2026-01-04", "n/k"]]
    name = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at"], rows)
    items, ctx = collect({"path": name, "dataset": "tickets"}, period=JAN)
    assert items == []
    error = next(e for e in ctx.log if e.field == "resolved_at")
    assert error.file == "t.csv" and error.line == 99
    assert "3.0%" in error.message and "(3 of 100)" in error.message
    assert all(f"'{v}'" in error.message for v in ("soon", "later", "n/k"))
    assert "no usable record" in ctx.log[-1].message  # the source as a whole fails


def test_null_markers_are_empty_not_invalid(evidence: Path, collect: Collect) -> None:
    rows = [[i, f"2026-01-{i:02d}", "NA" if i % 2 else "n/a", "-"] for i in range(1, 20)]
    name = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", "satisfaction_score"], rows)
    items, ctx = collect({"path": name, "dataset": "tickets"}, period=JAN)
    assert ctx.log == [] and items[0].attributes["invalid"] == {}


def test_a_file_refused_for_marks_of_no_value_says_to_list_them_under_null_values(
    evidence: Path, collect: Collect
) -> None:
    """A German export writes "k.A." (keine Angabe) where a value is missing. It is no default marker (each
    marker slows the typed reader), so the file is refused; the refusal says how to read it."""
    rows = [[i, f"2026-01-{i:02d}", "k.A." if i % 2 else f"2026-01-{i:02d} 12:00", "-"] for i in range(1, 20)]
    name = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", "satisfaction_score"], rows)
    items, ctx = collect({"path": name, "dataset": "tickets"}, period=JAN)
    assert items == [] and "if 'k.A.' means no value, list it under `null_values`" in ctx.log[0].message
    items, ctx = collect({"path": name, "dataset": "tickets", "null_values": ["NA", "N/A", "-", "k.A."]}, period=JAN)
    assert ctx.log == [] and items[0].attributes["invalid"] == {}


# 2. A required source that yields nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"mapping": {"created_at": "Opened"}}, "no such column"),
        ({"timezone": "Paris"}, "unknown time zone"),
    ],
)
def test_a_source_without_a_usable_record_fails(
    evidence: Path, collect: Collect, entry: dict[str, Any], says: str
) -> None:
    name = write_csv(evidence, "t.csv", ["id", "created_at"], [[1, "2026-01-05 10:00"]])
    items, ctx = collect({"path": name, "dataset": "tickets", **entry}, period=JAN)
    assert items == [] and getattr(ctx, "failed", False)
    assert says in ctx.log[0].message and ctx.log[0].file == "t.csv"


# 3. Time zone of the period ----------------------------------------------------------------------------


def test_period_and_months_follow_the_manifest_time_zone(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    from servex.plugins.datasets._engine import compute_kpi

    june = Period(date(2018, 6, 1), date(2018, 6, 30))
    rows = [[1, "2018-06-30 22:37", "2018-07-01 01:37"], [2, "2018-06-15 09:00", "2018-06-15 10:00"]]
    name = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at"], rows)
    items, _ = collect({"path": name, "dataset": "tickets", "timezone": "America/New_York"}, period=june)
    paths = [Path(items[0].payload)]
    kpi = SHIPPED["resolution_time"]
    in_utc = compute_kpi(kpi, paths, june)
    local = compute_kpi(kpi, paths, june, zone="America/New_York")
    assert in_utc["sample"] == 1  # 22:37 in New York is 02:37 on 1 July in UTC: dropped
    assert local["sample"] == 2 and local["monthly"] == [{"month": "2018-06", "value": 2.0, "n": 2}]


def test_files_default_to_the_manifest_time_zone(evidence: Path, collect: Collect) -> None:
    from servex import CollectContext
    from servex.plugins.datasets._collect import collect as run

    name = write_csv(evidence, "t.csv", ["id", "created_at"], [[1, "2018-06-30 22:37"]])
    ctx = CollectContext(
        evidence_dir=evidence,
        source="data",
        config={"files": [{"path": name, "dataset": "tickets"}]},
        manifest={"period": {"start": "2018-06-01", "end": "2018-06-30", "timezone": "America/New_York"}},
        period=Period(date(2018, 6, 1), date(2018, 6, 30)),
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=evidence.parent / "cache",
        offline=True,
        criteria_set=None,  # type: ignore[arg-type]
    )
    items = list(run(ctx))
    assert items[0].attributes["months"] == {"2018-06": 1}
    assert items[0].attributes["last"] == "2018-06-30"


# 4. Categories ---------------------------------------------------------------------------------------------


def _channels(evidence: Path, collect: Collect, values: dict[str, Any] | None = None) -> list[Any]:
    rows = []
    for i in range(1, 241):
        channel = ("Phone", " WEB ", "Télé  phone")[i % 3]
        # customer c<i//2> contacts twice, one day apart
        rows.append([i, f"2026-01-{1 + (i % 2) + 2 * (i // 20):02d} 10:00", channel, f"c{i // 2}"])
    name = write_csv(evidence, "t.csv", ["id", "created_at", "channel", "customer_id"], rows)
    entry: dict[str, Any] = {"path": name, "dataset": "tickets"}
    if values:
        entry["values"] = values
    items, ctx = collect(entry, period=JAN)
    assert [e for e in ctx.log if e.level == "error"] == []
    return items


def test_categories_ignore_case_spaces_and_accents(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items = _channels(evidence, collect)
    params = {"kpi": "repeat_contact_7d", "target": _target("<=", 15), "min_coverage": 0}
    phone = evaluate("kpi", {**params, "segment": {"channel": "Phone"}}, items, SHIPPED, JAN)
    assert phone.details["sample"] == 80  # "Phone" rows, asked for as "Phone", stored as "phone"
    demand = {"kpi": "failure_demand_7d", "target": _target("<=", 20), "min_coverage": 0}
    web = evaluate("kpi", demand, items, SHIPPED, JAN)
    assert web.details["sample"] == 80  # "web" in the KPI matches " WEB " in the data


@pytest.mark.parametrize("digital", ["Courriel", "Formulaire web", "E-Mail", "Webformular", "Messagerie"])
def test_digital_channels_named_in_french_or_german_are_failure_demand(
    evidence: Path, collect: Collect, evaluate: Evaluate, digital: str
) -> None:
    """What was observed: a French service's e-mails ("Courriel") and web forms ("Formulaire web") were not
    digital contacts to the shipped failure-demand KPI, which listed English names only: its figure was
    computed over the chat tickets alone, without a word."""
    rows = [[i, f"2026-01-{1 + (i % 2) + 2 * (i // 20):02d} 10:00", ("Tchat", digital)[i % 2], f"c{i // 2}"]
            for i in range(1, 241)]  # fmt: skip
    name = write_csv(evidence, "t.csv", ["id", "created_at", "channel", "customer_id"], rows)
    items, _ = collect({"path": name, "dataset": "tickets"}, period=JAN)
    demand = {"kpi": "failure_demand_7d", "target": _target("<=", 20), "min_coverage": 0}
    assert evaluate("kpi", demand, items, SHIPPED, JAN).details["sample"] == 240


def test_a_segment_that_matches_nothing_lists_the_values(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    items = _channels(evidence, collect, values={"channel": {"Télé phone": "phone"}})
    params = {"kpi": "repeat_contact_7d", "target": _target("<=", 15), "min_sample": 1, "min_coverage": 0}
    out = evaluate("kpi", {**params, "segment": {"channel": "chat"}}, items, SHIPPED, JAN)
    assert out.state == "insufficient"
    assert "channel: phone, web" in out.message["en"]
    mapped = evaluate("kpi", {**params, "segment": {"channel": "PHONE"}}, items, SHIPPED, JAN)
    assert mapped.details["sample"] == 160  # "Phone" and "Télé  phone" (mapped by `values:`)


# 5. Scales -----------------------------------------------------------------------------------------------


def _survey(evidence: Path, collect: Collect, column: str, scores: list[int], **entry: Any) -> Any:
    rows = [[i, f"2026-01-{1 + i % 28:02d}", s] for i, s in enumerate(scores, start=1)]
    name = write_csv(evidence, "s.csv", ["id", "responded_at", column], rows)
    return collect({"path": name, "dataset": "survey", **entry}, period=JAN)


def test_top_two_box_adapts_to_a_declared_one_to_four_scale(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    scores = [1] * 10 + [2] * 20 + [3] * 30 + [4] * 40
    items, ctx = _survey(evidence, collect, "satisfaction_score", scores, scales={"satisfaction_score": [1, 4]})
    assert ctx.log == []
    out = evaluate("kpi", {"kpi": "csat_top2", "target": _target(">=", 80)}, items, SHIPPED, JAN)
    assert out.details["value"] == 70.0 and out.details["scale"] == [1, 4]


def test_an_undeclared_short_scale_is_flagged(evidence: Path, collect: Collect) -> None:
    scores = [1] * 10 + [2] * 20 + [3] * 30 + [4] * 40
    _, ctx = _survey(evidence, collect, "satisfaction_score", scores)
    warning = next(e for e in ctx.log if e.field == "satisfaction_score")
    assert "scales: {satisfaction_score: [1, 4]}" in warning.message


def test_nps_refuses_a_one_to_five_item(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items, _ = _survey(evidence, collect, "recommend_score", [1, 2, 3, 4, 5] * 30, scales={"recommend_score": [1, 5]})
    out = evaluate("kpi", {"kpi": "nps", "target": _target(">=", 30)}, items, SHIPPED, JAN)
    assert out.state == "insufficient" and out.details["value"] is None
    assert "0-10" in out.message["en"] and "1-5" in out.message["en"]


def test_nps_on_an_undeclared_short_item_says_so_beside_the_figure(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    items, _ = _survey(evidence, collect, "recommend_score", [1, 2, 3, 4, 5] * 30)
    out = evaluate("kpi", {"kpi": "nps", "target": _target(">=", 30)}, items, SHIPPED, JAN)
    assert out.details["value"] == -100.0 and out.details["scale_doubts"] == {"recommend_score": 5.0}
    assert "no recommend_score answer above 5" in out.message["en"]


def test_answers_outside_the_scale_are_invalid(evidence: Path, collect: Collect) -> None:
    items, ctx = _survey(evidence, collect, "satisfaction_score", [1, 2, 3, 4, 5] * 20 + [7, 9])
    assert items == []
    assert "not a valid number on the 1-5 scale" in next(e for e in ctx.log if e.field).message


# 6. A field the export lacks -------------------------------------------------------------------------------


def test_a_missing_field_has_no_value_anywhere(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    rows = [[i, f"2026-01-{1 + i % 28:02d}", f"2026-01-{1 + i % 28:02d} 18:00", "Phone"] for i in range(300)]
    name = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", "channel"], rows)
    items, _ = collect({"path": name, "dataset": "tickets"}, period=JAN)
    out = evaluate("kpi", {"kpi": "reopen_rate", "target": _target("<=", 5)}, items, SHIPPED, JAN)
    assert out.state == "insufficient" and out.details["missing_fields"] == ["reopened"]
    assert out.details["value"] is None and out.details["sample"] == 0
    assert out.details["breakdowns"] == {}
    assert all(m["value"] is None and m["n"] == 0 for m in out.details["monthly"])


# 8. Aggregate exports ------------------------------------------------------------------------------------


def test_monthly_totals_grade_abandonment_and_service_level(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    rows = [[f"2025-{m:02d}", 1000 + m, 900 + m, 780 + m, 60 + m] for m in range(1, 13)]
    name = write_csv(evidence, "mi.csv", ["Month", "Offered", "Answered", "Answered in 20s", "Abandoned"], rows)
    mapping = {"month": "Month", "offered": "Offered", "answered": "Answered"}
    mapping |= {"answered_in_target": "Answered in 20s", "abandoned": "Abandoned"}
    entry = {"path": name, "dataset": "calls_monthly", "mapping": mapping, "constants": {"target_seconds": 20}}
    items, ctx = collect(entry, period=year)
    assert [e for e in ctx.log if e.level == "error"] == []
    offered = sum(r[1] for r in rows)
    abandon = evaluate("kpi", {"kpi": "abandonment_rate", "target": _target("<=", 8)}, items, SHIPPED, year)
    assert abandon.details["value"] == round(100 * sum(r[4] for r in rows) / offered, 4)
    details = abandon.details
    assert (details["sample"], details["coverage"], details["from_totals"]) == (offered, 1.0, True)
    level = evaluate("kpi", {"kpi": "service_level_20s", "target": _target(">=", 80)}, items, SHIPPED, year)
    assert level.details["value"] == round(100 * sum(r[3] for r in rows) / offered, 4)
    assert level.details["monthly"][0] == {"month": "2025-01", "value": round(100 * 781 / 1001, 4), "n": 1001}


def test_breakdowns_cover_every_category_field_the_data_has(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    rows = [[i, f"2026-01-{1 + i % 28:02d}", f"c{i % 40}", ("North", "South")[i % 2], "Web"] for i in range(200)]
    name = write_csv(evidence, "t.csv", ["id", "created_at", "customer_id", "Site", "channel"], rows)
    items, _ = collect({"path": name, "dataset": "tickets"}, period=JAN)
    params = {"kpi": "repeat_contact_7d", "target": _target("<=", 15), "min_coverage": 0}
    out = evaluate("kpi", params, items, SHIPPED, JAN)
    assert [(b["segment"], b["n"]) for b in out.details["breakdowns"]["site"]] == [("north", 100), ("south", 100)]
    assert set(out.details["breakdowns"]) == {"channel", "site"}
