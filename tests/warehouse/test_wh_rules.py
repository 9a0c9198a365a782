"""A warehouse table is held to the data rules a file export is held to (plugins/datasets/_duplicates and
_order): records exported twice are counted once, rows that share an id but differ are flagged on every KPI,
and values that cannot be (an end before its start, more calls answered than offered) are left out, warned
about, or refuse the table.

What was observed: the file path applied these rules and the warehouse path did not, so a table with each
ticket loaded twice doubled n and made every copy a "repeat contact" of itself, and tickets "resolved" a
year before they were created shortened the median resolution time, all without a word.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from pg_server import PostgresServer
from servex import CollectContext, CollectionError, EvaluationContext, EvidenceItem, Period, Requirement
from wh_data import KPIS_FILE, close, generate, load_postgres, write_csv

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
KPIS = [k for k in yaml.safe_load(KPIS_FILE.read_text("utf-8"))["kpis"] if k["dataset"] == "tickets"]
ROWS = 600
EARLY = ("r101", "r102", "r103")  # tickets "resolved" a year before they were created
TWICE = ("r205", "r207")  # ids exported twice with different values


def _records() -> list[dict[str, Any]]:
    return generate("tickets", ROWS, seed=21)


def _a_year_early(records: list[dict[str, Any]], ids: set[str], blank: bool = False) -> list[dict[str, Any]]:
    """`blank`: the same records with those resolution times empty, as the rule should leave them."""
    out = []
    for r in records:
        if r["id"] in ids:
            created = r["created_at"] or datetime(2025, 6, 1, 9)
            r = {**r, "created_at": created, "resolved_at": None if blank else created - timedelta(days=365, hours=3)}
        out.append(r)
    return out


def _conflicting(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return records + [{**r, "status": "Reopened by export"} for r in records if r["id"] in TWICE]


@pytest.fixture(scope="module")
def tables(pg: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tables of the same tickets, clean and with each defect; the defective one also as a CSV export."""
    folder = tmp_path_factory.mktemp("rules")
    clean = _records()
    early = set(EARLY)
    many = {r["id"] for r in clean[:120]}  # 20 % of the tickets: too many to grade on
    defective = _conflicting(_a_year_early(clean, early)) + clean[300:310]
    monthly = generate("calls_monthly", 24, seed=4)
    bad = next(r for r in monthly if r["offered"] is not None and r["answered"] is not None)
    bad["answered"] = bad["offered"] + 100
    for name, records, dataset in [
        ("rules_clean", clean, "tickets"),
        ("rules_doubled", clean + clean, "tickets"),
        ("rules_conflict", _conflicting(clean), "tickets"),
        ("rules_early", _a_year_early(clean, early), "tickets"),
        ("rules_early_blank", _a_year_early(clean, early, blank=True), "tickets"),
        ("rules_many_early", _a_year_early(clean, many), "tickets"),
        ("rules_defective", defective, "tickets"),
        ("rules_monthly", monthly, "calls_monthly"),
    ]:
        load_postgres(pg.url(), name, dataset, records)
    write_csv(folder / "defective.csv", "tickets", defective)
    write_csv(folder / "many_early.csv", "tickets", _a_year_early(clean, many))
    return folder


def _collect(run: Any, config: dict[str, Any], folder: Path, cache: Path) -> tuple[list[EvidenceItem], CollectContext]:
    ctx = CollectContext(
        evidence_dir=folder,
        source="data",
        config=config,
        manifest={"period": {"timezone": "UTC"}},
        period=PERIOD,
        collected_at="2026-01-01T00:00:00Z",
        cache_dir=cache,
        offline=False,
        criteria_set=cast(Any, None),
    )
    try:
        items = list(run(ctx))
    except CollectionError:
        items = []
    return items, ctx


def _table(tables: Path, tmp_path: Path, name: str, **extra: Any) -> tuple[EvidenceItem | None, CollectContext]:
    from servex.plugins.warehouse._collect import collect

    dataset = "calls_monthly" if "monthly" in name else "tickets"
    config = {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": name, "dataset": dataset, **extra}]}
    items, ctx = _collect(collect, config, tables, tmp_path / "cache")
    return (items[0] if items else None), ctx


def _kpis(item: EvidenceItem) -> dict[str, Any]:
    batches: dict[str, list[dict[str, Any]]] = {}  # as the evaluator batches them
    for kpi in KPIS:
        batches.setdefault(kpi.get("date_field", ""), []).append(kpi)
    out: dict[str, Any] = {}
    for batch in batches.values():
        if hasattr(item.payload, "compute_kpis"):
            out |= item.payload.compute_kpis(batch, PERIOD)
        else:
            from servex.plugins.datasets._engine import compute_kpis

            out |= compute_kpis(batch, [item.payload], PERIOD)
    return out


def _warnings(ctx: CollectContext) -> list[str]:
    return [e.message for e in ctx.log if e.level == "warning"]


@pytest.fixture(autouse=True)
def _url(pg: PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", pg.url())


def test_a_table_with_every_row_twice_gives_the_clean_figures_and_says_so(tables: Path, tmp_path: Path) -> None:
    clean, _ = _table(tables, tmp_path, "rules_clean")
    doubled, ctx = _table(tables, tmp_path, "rules_doubled")
    assert clean is not None and doubled is not None
    assert (
        f"{ROWS} row(s) repeat an earlier row exactly (same id and values); each record is counted once"
        in _warnings(ctx)
    )
    for key in ("rows", "months", "first", "last"):
        assert doubled.attributes[key] == clean.attributes[key], key
    assert "repeated_ids" not in doubled.attributes
    mine, theirs = _kpis(doubled), _kpis(clean)
    assert all(theirs[k]["sample"] for k in theirs)
    assert close(mine, theirs), [k for k in mine if not close(mine[k], theirs[k])]


def test_rows_sharing_an_id_are_kept_and_every_kpi_says_so(tables: Path, tmp_path: Path) -> None:
    from servex.plugins.datasets._evaluate import evaluate_kpi

    item, ctx = _table(tables, tmp_path, "rules_conflict")
    assert item is not None and item.attributes["repeated_ids"] == 2
    assert item.attributes["rows"] == ROWS + 2  # both versions of each record are counted
    [said] = [w for w in _warnings(ctx) if "share an id" in w]
    assert "'r205'" in said and "'r207'" in said
    kpis = {k["id"]: k for k in KPIS}
    req = Requirement(
        "kpi", "kpi", "show", {"en": "KPI"}, {"kpi": "resolution_time", "target": {"op": "<=", "value": 99}}
    )
    outcome = evaluate_kpi(
        req, EvaluationContext(cast(Any, None), cast(Any, None), (item,), kpis, {}, PERIOD, cast(Any, None))
    )
    assert outcome.details["repeated_ids"] == 2 and outcome.details["value"] is not None
    assert "2 records share an id with a different record" in outcome.message["en"]


def test_tickets_resolved_a_year_before_they_were_created_are_left_out_and_cited(tables: Path, tmp_path: Path) -> None:
    early, ctx = _table(tables, tmp_path, "rules_early")
    blanked, _ = _table(tables, tmp_path, "rules_early_blank")
    assert early is not None and blanked is not None
    assert early.attributes["invalid"] == {"resolved_at": 3}
    mine, expected = _kpis(early), _kpis(blanked)  # as if the impossible values had never been there
    assert close(mine, expected), [k for k in mine if not close(mine[k], expected[k])]
    said = _warnings(ctx)
    assert "3 value(s) of resolved_at come before their created_at, which cannot be (left empty)" in said
    cited = [w for w in said if w.startswith("resolved_at '2024-") or w.startswith("resolved_at '2025-")]
    assert cited and all(re.search(r"before created_at '20\d\d-.*' \(id 'r10[123]'\)$", w) for w in cited), said
    fields = {e.field for e in ctx.log if e.level == "warning" and "resolved_at" in e.message}
    assert fields == {"resolved_at"}


def _assess(folder: Path, table: str, tmp_path: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    from servex._cli.main import main

    shutil.copy(Path(__file__).parent / "data" / "wh-set.yaml", folder / "wh-set.yaml")
    (folder / "servex.yaml").write_text(
        'format_version: "1"\norganisation: {name: Test Org}\ncriteria: wh-set.yaml\n'
        'period: {start: "2025-01-01", end: "2025-12-31", timezone: UTC}\nsources:\n'
        "  - {name: warehouse, collector: warehouse, required: true, config: {url_env: SERVEX_TEST_WAREHOUSE, "
        f"tables: [{{table: {table}, dataset: tickets}}]}}}}\n"
    )
    out = tmp_path / "r.json"
    try:
        main(
            [
                "assess",
                str(folder),
                "-q",
                "--fail-on",
                "never",
                "--cache-dir",
                str(tmp_path / "c"),
                "-o",
                f"json:{out}",
                *extra,
            ]
        )
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.read_text("utf-8"))["log"]


def test_too_many_impossible_values_refuse_the_table_as_they_refuse_a_file(
    tables: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servex.plugins.datasets._collect import collect as collect_files

    folder = tmp_path / "org"
    folder.mkdir()
    code, log = _assess(folder, "rules_many_early", tmp_path)
    assert code == 5  # the source is required: it failed, and says why
    [refused] = [e for e in log if "come before their created_at" in e["message"]]
    assert refused["level"] == "error" and refused["field"] == "resolved_at"
    assert refused["message"].startswith("tickets table rules_many_early unusable: ")
    assert "so the table is not used; e.g. '2024-" in refused["message"] and "(id 'r" in refused["message"]
    monkeypatch.delenv("SERVEX_TEST_WAREHOUSE")  # offline, the refusal recorded online is said again
    code, log = _assess(folder, "rules_many_early", tmp_path, "--offline")
    assert code == 5 and refused["message"] in [e["message"] for e in log]
    config = {"files": [{"path": "many_early.csv", "dataset": "tickets"}]}
    _, ctx = _collect(collect_files, config, tables, tmp_path / "files")
    [by_file] = [e.message for e in ctx.log if "come before their created_at" in e.message]
    share = re.search(r"\d+\.\d% of the resolved_at values \(\d+ of \d+\) [^,]*, more than the 1% allowed", by_file)
    assert share and share.group(0) in refused["message"]


def test_monthly_totals_with_more_answered_than_offered(tables: Path, tmp_path: Path) -> None:
    refused, ctx = _table(tables, tmp_path, "rules_monthly")
    assert refused is None
    [error] = [e for e in ctx.log if e.level == "error" and "unusable" in e.message]
    assert "of the answered values (1 of" in error.message and "are more than their offered" in error.message
    assert error.field == "answered"
    kept, ctx = _table(tables, tmp_path, "rules_monthly", max_invalid_share=0.1)
    assert kept is not None and kept.attributes["invalid"] == {"answered": 1}
    assert "1 value(s) of answered are more than their offered, which cannot be (left empty)" in _warnings(ctx)


def test_file_and_warehouse_agree_on_the_same_defective_records(tables: Path, tmp_path: Path) -> None:
    from servex.plugins.datasets._collect import collect as collect_files

    table, by_table = _table(tables, tmp_path, "rules_defective")
    files, by_file = _collect(
        collect_files, {"files": [{"path": "defective.csv", "dataset": "tickets"}]}, tables, tmp_path
    )
    assert table is not None and len(files) == 1
    for key in ("rows", "months", "first", "last", "repeated_ids", "copies", "out_of_order"):
        assert table.attributes[key] == files[0].attributes[key], key
    assert files[0].attributes["copies"] == 10 and files[0].attributes["out_of_order"] == {"resolved_at": 3}
    assert table.attributes["invalid"]["resolved_at"] == files[0].attributes["invalid"]["resolved_at"] == 3
    mine, theirs = _kpis(table), _kpis(files[0])
    assert close(mine, theirs), [k for k in mine if not close(mine[k], theirs[k])]

    def said(ctx: CollectContext) -> set[str]:  # a file cites lines, a table ids
        return {re.sub(r" \(id '[^']*'\)$", "", e.message) for e in ctx.log if e.field in ("id", "resolved_at")}

    assert said(by_table) == said(by_file) and len(said(by_file)) >= 4


# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_a_duckdb_warehouse_is_held_to_the_same_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules compile for another dialect: each record twice and three ends a year early in DuckDB give
    the figures of the clean records with those three values empty."""
    import duckdb
    import pyarrow as pa
    from servex.plugins.warehouse._collect import collect

    clean = _records()
    database = tmp_path / "wh.duckdb"
    with duckdb.connect(str(database)) as con:
        for name, records in [
            ("expected", _a_year_early(clean, set(EARLY), blank=True)),
            ("defective", _a_year_early(clean, set(EARLY)) * 2),
        ]:
            con.register("records", pa.Table.from_pylist(records))
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM records")
            con.unregister("records")
    monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", f"duckdb:///{database}")
    tables = [{"table": "expected", "dataset": "tickets"}, {"table": "defective", "dataset": "tickets"}]
    items, ctx = _collect(collect, {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": tables}, tmp_path, tmp_path / "c")
    assert len(items) == 2, ctx.log
    expected, defective = items
    assert defective.attributes["invalid"] == {"resolved_at": 3} and defective.attributes["rows"] == ROWS
    # the counts the report's data checks render (see plugins/reports/_checks_view)
    assert defective.attributes["copies"] == ROWS and defective.attributes["out_of_order"] == {"resolved_at": 3}
    assert expected.attributes["copies"] == 0 and expected.attributes["out_of_order"] == {}
    said = _warnings(ctx)
    assert f"{ROWS} row(s) repeat an earlier row exactly (same id and values); each record is counted once" in said
    assert "3 value(s) of resolved_at come before their created_at, which cannot be (left empty)" in said
    mine, theirs = _kpis(defective), _kpis(expected)
    assert close(mine, theirs), [k for k in mine if not close(mine[k], theirs[k])]


def _table_and_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    records: list[dict[str, Any]],
    dataset: str = "tickets",
    **extra: Any,
) -> tuple[EvidenceItem, EvidenceItem]:
    """The items of the same records as a DuckDB warehouse table and as a CSV export (`extra`: the same
    settings for both, such as `scales`)."""
    import duckdb
    import pyarrow as pa
    from servex.plugins.datasets._collect import collect as collect_files
    from servex.plugins.warehouse._collect import collect

    database = tmp_path / "wh.duckdb"
    with duckdb.connect(str(database)) as con:
        con.register("records", pa.Table.from_pylist(records))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM records")
        con.unregister("records")
    monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", f"duckdb:///{database}")
    config = {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": name, "dataset": dataset, **extra}]}
    (table,), _ = _collect(collect, config, tmp_path, tmp_path / "c")
    write_csv(tmp_path / f"{name}.csv", dataset, records)
    (exported,), _ = _collect(
        collect_files, {"files": [{"path": f"{name}.csv", "dataset": dataset, **extra}]}, tmp_path, tmp_path / "f"
    )
    return table, exported


# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_written_requests_answered_in_minutes_are_counted_as_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first reply 45 seconds after every ticket (an autoresponder that waits a little) is counted among
    the written channels ("Email", " email", "web": spelt as exports spell them) in a DuckDB table exactly
    as in a CSV export of the same records (see datasets/_order.written_sql)."""
    records = [{**r, "first_reply_at": r["created_at"] + timedelta(seconds=45)} if r["created_at"] else r
               for r in _records()]  # fmt: skip
    table, exported = _table_and_file(tmp_path, monkeypatch, "penned", records)
    written = [r for r in records if str(r.get("channel") or "").strip().lower() in {"email", "web"}]
    replied = sum(1 for r in written if r["first_reply_at"])  # some have a reply and no creation time
    fast = sum(1 for r in written if r["first_reply_at"] and r["created_at"])
    assert table.attributes["written"] == exported.attributes["written"]
    assert table.attributes["written"]["first_reply_at"] == {"n": fast, "of": replied} and fast > ROWS // 5


# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_auto_replies_in_a_table_are_counted_as_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first reply two seconds after each ticket opened (a helpdesk's automatic acknowledgement) is
    counted in a DuckDB table exactly as in a CSV export of the same records (see datasets/_order)."""
    records = [
        {**r, "first_reply_at": r["created_at"] + timedelta(seconds=2)} if i % 2 and r["created_at"] else r
        for i, r in enumerate(_records())
    ]  # every other ticket answered by a machine
    records = [
        {**r, "due_at": r["resolved_at"]} if i % 3 == 0 and r.get("resolved_at") is not None else r
        for i, r in enumerate(records)
    ]  # and every third one given its closing time as its deadline
    table, exported = _table_and_file(tmp_path, monkeypatch, "auto", records)
    machine = sum(1 for i, r in enumerate(records) if i % 2 and r["created_at"] and r["first_reply_at"])
    assert table.attributes["instant"]["first_reply_at"]["n"] >= machine > ROWS // 3
    assert table.attributes["instant"] == exported.attributes["instant"]
    # the ends present, which a duration KPI's "no first reply" flag counts from, agree too
    assert table.attributes["present"] == exported.attributes["present"]
    assert table.attributes["present"]["first_reply_at"] == sum(1 for r in records if r["first_reply_at"])
    # and the ends that fall on their deadline to the second (see datasets/_order.at_deadline_sql)
    assert table.attributes["at_deadline"] == exported.attributes["at_deadline"]
    assert table.attributes["at_deadline"]["due_at"]["n"] > ROWS // 5


@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_deadlines_left_out_and_dates_without_times_are_counted_as_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tickets with no due date on two in three, and first replies given as dates alone: a DuckDB table
    gives a KPI the same counts as a CSV export of the same records (see datasets/_fit)."""

    def day(value: Any) -> Any:
        return datetime(value.year, value.month, value.day) if isinstance(value, datetime) else value

    records = [
        {**r, "due_at": None if i % 3 else r["due_at"], "first_reply_at": day(r["first_reply_at"])}
        for i, r in enumerate(_records())
    ]
    table, exported = _table_and_file(tmp_path, monkeypatch, "fit", records)
    assert table.attributes["with_deadline"] == exported.attributes["with_deadline"]
    assert table.attributes["with_deadline"]["due_at"] == sum(1 for r in records if r["due_at"] is not None)
    assert table.attributes["midnight"] == exported.attributes["midnight"]
    assert table.attributes["answers"] == exported.attributes["answers"]  # yes answers of each yes/no field
    assert table.attributes["answers"]["reopened"]["yes"] == sum(1 for r in records if r["reopened"])
    assert table.attributes["spread"] == exported.attributes["spread"]  # lowest and highest of each number
    assert {"satisfaction_score", "contacts", "reopen_count"} <= set(table.attributes["spread"])
    assert table.attributes["distinct"] == exported.attributes["distinct"]  # a key that never repeats

    replies = table.attributes["midnight"]["first_reply_at"]
    assert replies["n"] == replies["of"] == sum(1 for r in records if r["first_reply_at"] is not None)


@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_survey_rows_without_an_answer_are_counted_as_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A survey table where one row in three holds no answer at all: the answered records per month agree
    with a CSV export of the same rows (see datasets/_conversion.ANSWERED)."""
    answers = ("satisfaction_score", "recommend_score", "effort_score", "exceeded_expectations", "delight_score",
               "comment")  # fmt: skip
    records = [
        {**r, **({name: None for name in answers} if i % 3 == 0 else {})}
        for i, r in enumerate(generate("survey", ROWS, seed=5))
    ]
    table, exported = _table_and_file(tmp_path, monkeypatch, "answers", records, "survey")
    assert table.attributes["answered_months"] == exported.attributes["answered_months"]
    assert sum(table.attributes["answered_months"].values()) < sum(table.attributes["months"].values())


@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_requests_the_tool_closed_are_counted_as_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One ticket in three closed by automation: a table and a CSV of the same records count the same."""
    records = [{**r, "status": "closed by automation" if i % 3 == 0 else "solved"} for i, r in enumerate(_records())]
    table, exported = _table_and_file(tmp_path, monkeypatch, "closed", records)
    assert table.attributes["auto_closed"] == exported.attributes["auto_closed"]
    assert table.attributes["auto_closed"] == [sum(1 for i in range(ROWS) if i % 3 == 0), ROWS]


# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_the_latest_end_of_a_table_is_recorded_as_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The day of each end field's latest value (what tells a register of closed complaints only, see
    datasets/_fit.only_closed) is the same for a DuckDB table as for a CSV export of the same records."""
    records = _records()
    table, exported = _table_and_file(tmp_path, monkeypatch, "ends", records)
    latest = max(r["resolved_at"] for r in records if r.get("resolved_at") and r.get("created_at"))
    assert table.attributes["last_end"] == exported.attributes["last_end"]
    assert table.attributes["last_end"]["resolved_at"] == f"{latest:%Y-%m-%d}"


# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_a_scale_declared_best_answer_first_is_turned_round_as_in_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was observed: `scales: {satisfaction_score: [5, 1]}` (1 the best answer, as a German survey
    asks) was refused for a table ("not a range from lowest to highest") although a file export of the
    same answers takes it. A table now turns each answer round as it is read, as a file does: the CSAT
    top-2-box counts the 1s and 2s, and every figure agrees with the export's."""
    from servex.plugins.datasets._engine import compute_kpis

    records = generate("survey", ROWS, seed=5)
    scales = {"satisfaction_score": [5, 1]}
    table, exported = _table_and_file(tmp_path, monkeypatch, "graded", records, "survey", scales=scales)
    assert (
        table.attributes["scales"]["satisfaction_score"]
        == [1, 5]
        == exported.attributes["scales"]["satisfaction_score"]
    )
    assert table.attributes["spread"] == exported.attributes["spread"]
    kpis = [k for k in yaml.safe_load(KPIS_FILE.read_text("utf-8"))["kpis"] if k["id"] == "csat_top2"]
    in_table = cast(Any, table.payload).compute_kpis(kpis, PERIOD)["csat_top2"]
    in_file = compute_kpis(kpis, [exported.payload], PERIOD)["csat_top2"]
    inside = [r for r in records if r["responded_at"] and PERIOD.start <= r["responded_at"].date() <= PERIOD.end]
    answered = [r["satisfaction_score"] for r in inside if r.get("satisfaction_score") is not None]
    best = 100 * sum(1 for v in answered if v <= 2) / len(answered)
    assert in_table["value"] == in_file["value"] == pytest.approx(best, abs=0.01)


@pytest.mark.parametrize("status", ["Auto-closed", "closed by system", "Closed (bot)", "Zu, keine Rückmeldung"])
def test_requests_the_tool_closed_are_counted_in_postgresql_as_in_a_file(
    pg: PostgresServer, tmp_path: Path, status: str
) -> None:
    """PostgreSQL's regular expressions read `\\b` as a backspace, not a word boundary: a status the file
    path counts as closed by the tool ("Auto-closed") must count the same in a PostgreSQL table."""
    from servex.plugins.warehouse._collect import collect

    records = [{**r, "status": status if i % 2 else "solved"} for i, r in enumerate(_records())]
    load_postgres(pg.url(), "rules_autoclosed", "tickets", records)
    config = {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": "rules_autoclosed", "dataset": "tickets"}]}
    (table,), _ = _collect(collect, config, tmp_path, tmp_path / "c")
    assert table.attributes["auto_closed"] == [ROWS // 2, ROWS]


# ibis's DuckDB backend still calls a DuckDB method the newest DuckDB deprecates
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_yes_and_no_stored_as_text_are_read_as_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What was observed: a tickets table whose `reopened` column held "oui" and "non" (a table loaded
    from an export, every column text) failed as a whole on a conversion error, though a CSV export of
    the same rows was read."""
    words = ["oui", "Non", " YES ", "nein", "NA"]
    records = [{**r, "reopened": words[i % len(words)]} for i, r in enumerate(_records())]
    table, exported = _table_and_file(tmp_path, monkeypatch, "texts", records)
    assert table.attributes["answers"]["reopened"] == exported.attributes["answers"]["reopened"]
    assert table.attributes["answers"]["reopened"]["of"] == ROWS * 4 // 5  # "NA" is no answer
    assert table.attributes["invalid"] == exported.attributes["invalid"] == {}


@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")
def test_text_that_is_no_yes_or_no_is_cited_and_refuses_the_table_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb
    import pyarrow as pa
    from servex.plugins.warehouse._collect import collect

    def table_with(maybes: int) -> tuple[list[EvidenceItem], CollectContext]:
        records = [{**r, "reopened": "peut-être" if i < maybes else "non"} for i, r in enumerate(_records())]
        database = tmp_path / f"wh{maybes}.duckdb"
        with duckdb.connect(str(database)) as con:
            con.register("records", pa.Table.from_pylist(records))
            con.execute("CREATE TABLE maybe AS SELECT * FROM records")
        monkeypatch.setenv("SERVEX_TEST_WAREHOUSE", f"duckdb:///{database}")
        config = {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": "maybe", "dataset": "tickets"}]}
        return _collect(collect, config, tmp_path, tmp_path / f"c{maybes}")

    (item,), ctx = table_with(3)  # half a percent: left empty and cited
    assert item.attributes["invalid"] == {"reopened": 3}
    assert any("cannot read reopened 'peut-être'" in e.message for e in ctx.log)
    items, ctx = table_with(60)  # a tenth: the table is not used
    assert items == [] and any("not a valid yes/no value" in e.message and e.level == "error" for e in ctx.log)


@pytest.mark.parametrize(("created", "refused"), [("06/01/2025 13:22", True), ("2025-01-06 13:22", False)])
def test_dates_stored_as_day_first_text_refuse_a_postgresql_table(
    pg: PostgresServer, tmp_path: Path, created: str, refused: bool
) -> None:
    """What was observed: a PostgreSQL table (loaded from an export, every column text) with `created_at`
    "06/01/2025 13:22", the 6th of January, was read as the 1st of June: the server's date order is month
    first. A date stored as text must be written year first, or the table is refused with a line that
    says how to convert it."""
    import psycopg
    from servex.plugins.warehouse._collect import collect

    with psycopg.connect(pg.url(), autocommit=True) as con:
        con.execute('DROP TABLE IF EXISTS "texts_dates"')
        con.execute('CREATE TABLE "texts_dates" (id text, created_at text, resolved_at text)')
        for i in range(50):
            con.execute('INSERT INTO "texts_dates" VALUES (%s, %s, NULL)', (f"t{i}", created))
    config = {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": "texts_dates", "dataset": "tickets"}]}
    items, ctx = _collect(collect, config, tmp_path, tmp_path / "c")
    errors = [e.message for e in ctx.log if e.level == "error"]
    if refused:
        assert items == [] and any("not written year first" in m and "'06/01/2025 13:22'" in m for m in errors)
    else:
        assert errors == [] and items[0].attributes["months"] == {"2025-01": 50}


@pytest.mark.parametrize(
    ("waits", "says"),
    [
        (["20", "1.250", "45"], "'1.250' can be a decimal point or a thousands separator"),
        (["20", "12,5", "45"], "'12,5' has a comma"),
        (["20", "1.250", "2.5"], ""),  # "2.5" can only be a decimal point: read as the database casts it
    ],
)
def test_numbers_stored_as_text_that_a_cast_would_misread_refuse_a_postgresql_table(
    pg: PostgresServer, tmp_path: Path, waits: list[str], says: str
) -> None:
    """What was observed: a PostgreSQL calls table with waits stored as text, "1.250" (twenty minutes in a
    German export) beside "20" and "45", was read as 1.25 seconds by the cast; "12,5" failed the table on
    a conversion error that named neither the field nor the way out."""
    import psycopg
    from servex.plugins.warehouse._collect import collect

    with psycopg.connect(pg.url(), autocommit=True) as con:
        con.execute('DROP TABLE IF EXISTS "texts_waits"')
        con.execute('CREATE TABLE "texts_waits" (id text, started_at timestamp, wait_seconds text)')
        for i in range(60):
            con.execute(
                'INSERT INTO "texts_waits" VALUES (%s, %s, %s)',
                (f"c{i}", datetime(2025, 3, 1 + i % 28, 9), waits[i % 3]),
            )
    config = {"url_env": "SERVEX_TEST_WAREHOUSE", "tables": [{"table": "texts_waits", "dataset": "calls"}]}
    items, ctx = _collect(collect, config, tmp_path, tmp_path / "c")
    errors = [e.message for e in ctx.log if e.level == "error"]
    if says:
        assert items == [] and any(says in m and "query:" in m for m in errors), errors
    else:
        assert errors == [] and items[0].attributes["spread"]["wait_seconds"]["high"] == 20.0
