"""Whether the records fit the figure: deadlines on some records only, dates without times (see `_fit`).

What was observed: a tickets export with a due date on 10 % of its tickets (those handled fast) printed
"Resolution SLA attainment: 100 % (target >= 90 %, n=…)", satisfied, without a word of the other 90 %;
an export of dates without times printed "First reply time (90th percentile): 24 h (target <= 24 h)",
satisfied, though "24 h" there means "the next day", anything up to two days.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ds_support import FRT, Collect, Evaluate, write_csv
from test_ds_constants import FCR
from test_ds_deadline_at_close import HEADER, PARAMS, SLA

P90 = {
    "first_reply_time_p90": {
        **FRT["first_reply_time"], "id": "first_reply_time_p90",
        "formula": {"type": "duration", "start": "created_at", "end": "first_reply_at", "stat": "p90"},
    }
}  # fmt: skip
P90_PARAMS = {"kpi": "first_reply_time_p90", "target": {"op": "<=", "value": 24}, "min_sample": 30}
PATHS = ["in memory", "text path to Parquet"]


def _held(outcome: Any) -> list[str]:
    return [h["rule"] for h in outcome.details.get("held_at_partial") or []]


def _held_as(outcome: Any, rule: str, key: str, flagged: dict[str, Any], said: str, gap: str) -> None:
    """The outcome is held at partial by `rule` alone, with its flag in the details, message and gap."""
    assert outcome.details[key] == flagged
    assert outcome.state == "partial" and _held(outcome) == [rule]
    assert said in outcome.message["en"] and gap in outcome.gap["en"]


def _with_deadlines(every: int, rows: int = 840) -> list[list[Any]]:
    """Tickets resolved 6 hours in; one in `every` has a due date 48 hours out, the others none (and those
    took ten days)."""
    out = []
    for i in range(rows):
        created = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T09:{i % 60:02d}:17Z"
        if (i // 12) % every == 0:  # every month has some
            resolved = created.replace("T09:", "T15:")
            due = created.replace(f"-{1 + i % 27:02d}T", f"-{3 + i % 27:02d}T")
        else:
            resolved, due = created.replace(f"-{1 + i % 27:02d}T", f"-{1 + i % 27:02d}T").replace("T09:", "T23:"), ""
        out.append([f"t{i}", created, resolved, due])
    return out


def _read(how: str) -> dict[str, str]:
    return {"date_format": "%Y-%m-%dT%H:%M:%SZ"} if how != "in memory" else {}


@pytest.mark.parametrize("how", PATHS)
def test_deadlines_on_a_tenth_of_the_records_hold_a_met_target_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _with_deadlines(10)), "dataset": "tickets",
                        **_read(how)})  # fmt: skip
    outcome = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA})
    assert outcome.details["value"] == pytest.approx(100.0)  # the figure is what the data says
    assert outcome.details["without_deadline"] == {"field": "due_at", "n": 756, "of": 840, "share": 0.9}
    assert outcome.state == "partial" and outcome.details["target_met"] is True
    assert _held(outcome) == ["records_without_deadline"]
    assert outcome.details["held_at_partial"][0]["worst_value"] == pytest.approx(10.0)
    assert "(756 of 840) have no due_at" in outcome.message["en"]
    assert "(756 sur 840)" in outcome.message["fr"]
    assert outcome.gap is not None and "deadline on every request" in outcome.gap["en"]


def test_a_few_records_without_a_deadline_are_said_and_hold_nothing_when_the_target_stands(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    """One in 20 without a deadline (5 %): said; counted as missed, 95 % still meets 90 %, so it stands."""
    rows = _with_deadlines(1)
    for row in rows[::20]:
        row[3] = ""
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, rows), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA})
    assert outcome.details["without_deadline"]["n"] == 42
    assert (outcome.state, _held(outcome)) == ("satisfied", [])
    assert "have no due_at" in outcome.message["en"]


def test_a_deadline_on_every_record_says_nothing(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    items, _ = collect({"path": write_csv(evidence, "t.csv", HEADER, _with_deadlines(1)), "dataset": "tickets"})
    outcome = evaluate("kpi", PARAMS, items, {"sla_attainment": SLA})
    assert (outcome.state, _held(outcome), outcome.details.get("without_deadline")) == ("satisfied", [], None)


def _replies(dates_only: bool, rows: int = 300) -> list[list[Any]]:
    """Tickets answered 20 hours in: two thirds the next calendar day."""
    out = []
    for i in range(rows):
        day = 1 + i % 27
        created = f"2025-{1 + i % 12:02d}-{day:02d}T{8 + i % 12:02d}:{i % 60:02d}:00Z"
        reply_hour = 8 + i % 12 + 20
        replied = f"2025-{1 + i % 12:02d}-{day + reply_hour // 24:02d}T{reply_hour % 24:02d}:{i % 60:02d}:00Z"
        if dates_only:
            created, replied = created[:10], replied[:10]
        out.append([f"t{i}", created, replied])
    return out


@pytest.mark.parametrize("how", PATHS)
def test_dates_without_times_hold_a_met_hours_target_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    extra = {"date_format": "%Y-%m-%d"} if how != "in memory" else {}
    path = write_csv(evidence, "t.csv", ["id", "created_at", "first_reply_at"], _replies(True))
    items, _ = collect({"path": path, "dataset": "tickets", **extra})
    outcome = evaluate("kpi", P90_PARAMS, items, P90)
    assert outcome.details["value"] == pytest.approx(24.0)  # whole days, as the data says
    assert outcome.details["dates_only"] == {"fields": ["created_at", "first_reply_at"], "up_to": 24.0}
    assert outcome.state == "partial" and _held(outcome) == ["dates_without_times"]
    assert outcome.details["held_at_partial"][0]["worst_value"] == pytest.approx(48.0)
    assert "dates without times" in outcome.message["en"] and "dates sans heure" in outcome.message["fr"]
    assert outcome.gap is not None and "times of day" in outcome.gap["en"]


def test_dates_without_times_hold_nothing_when_a_day_more_still_meets_the_target(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    path = write_csv(evidence, "t.csv", ["id", "created_at", "first_reply_at"], _replies(True))
    items, _ = collect({"path": path, "dataset": "tickets"})
    loose = {**P90_PARAMS, "target": {"op": "<=", "value": 48}}
    outcome = evaluate("kpi", loose, items, P90)
    assert (outcome.state, _held(outcome)) == ("satisfied", [])
    assert outcome.details["dates_only"]["fields"] == ["created_at", "first_reply_at"]  # still said


def test_times_of_day_are_not_taken_for_dates(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    path = write_csv(evidence, "t.csv", ["id", "created_at", "first_reply_at"], _replies(False))
    items, _ = collect({"path": path, "dataset": "tickets"})
    outcome = evaluate("kpi", P90_PARAMS, items, P90)
    assert outcome.details["value"] == pytest.approx(20.0)
    assert (outcome.state, outcome.details.get("dates_only")) == ("satisfied", None)


FCR_PARAMS = {"kpi": "fcr", "target": {"op": ">=", "value": 70}, "min_sample": 30}


def _first_contact(answer: Any, rows: int = 240) -> list[list[Any]]:
    return [[f"t{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T09:00:00Z", answer(i)] for i in range(rows)]


@pytest.mark.parametrize("how", PATHS)
def test_a_yes_on_every_record_holds_a_met_share_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    """Observed: first_contact_resolution "yes" on every ticket printed "First-contact resolution: 100 %",
    satisfied: a field that never varies cannot be told from a default nobody changes."""
    path = write_csv(
        evidence, "t.csv", ["id", "created_at", "first_contact_resolution"], _first_contact(lambda i: "yes")
    )
    items, _ = collect({"path": path, "dataset": "tickets", **_read(how)})
    outcome = evaluate("kpi", FCR_PARAMS, items, FCR)
    assert outcome.details["value"] == pytest.approx(100.0)
    assert outcome.details["same_answer"] == {"field": "first_contact_resolution", "answer": "yes", "of": 240}
    assert outcome.state == "partial" and _held(outcome) == ["same_answer_every_record"]
    assert "Every one of the 240 records has first_contact_resolution = yes" in outcome.message["en"]
    assert outcome.gap is not None and "is recorded" in outcome.gap["en"]


def test_answers_that_vary_grade_as_computed(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    rows = _first_contact(lambda i: "no" if i % 10 == 0 else "yes")
    path = write_csv(evidence, "t.csv", ["id", "created_at", "first_contact_resolution"], rows)
    items, _ = collect({"path": path, "dataset": "tickets"})
    outcome = evaluate("kpi", FCR_PARAMS, items, FCR)
    assert outcome.details["value"] == pytest.approx(90.0)
    assert (outcome.state, _held(outcome), outcome.details.get("same_answer")) == ("satisfied", [], None)


CSAT = {
    "csat_top2": {
        "id": "csat_top2", "dataset": "survey", "unit": "percent", "direction": "higher_is_better",
        "date_field": "responded_at", "formula": {"type": "top_box", "field": "satisfaction_score", "boxes": 2},
    }
}  # fmt: skip
SERVICE_LEVEL = {
    "service_level_20s": {
        "id": "service_level_20s", "dataset": "calls", "unit": "percent", "direction": "higher_is_better",
        "date_field": "started_at",
        "formula": {"type": "share", "condition": {"all": [{"field": "abandoned", "is_true": False},
                                                           {"field": "wait_seconds", "lte": 20}]}},
    }
}  # fmt: skip


@pytest.mark.parametrize("how", PATHS)
def test_survey_answers_all_the_same_hold_a_met_share_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    """Observed: 400 answers, every one 5 of 5, printed "CSAT (top-2-box): 100 %", satisfied: an export kept
    to the answers wanted, or a default, looks exactly so."""
    rows = [[f"s{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z", 5] for i in range(400)]
    path = write_csv(evidence, "s.csv", ["id", "responded_at", "satisfaction_score"], rows)
    items, _ = collect({"path": path, "dataset": "survey", **_read(how)})
    params = {"kpi": "csat_top2", "target": {"op": ">=", "value": 80}, "min_sample": 30}
    outcome = evaluate("kpi", params, items, CSAT)
    assert outcome.details["same_answer"] == {"field": "satisfaction_score", "answer": "5", "of": 400}
    assert outcome.state == "partial" and _held(outcome) == ["same_answer_every_record"]
    varied = [[*row[:2], 4 if i % 7 == 0 else 5] for i, row in enumerate(rows)]
    items, _ = collect({"path": write_csv(evidence, "s.csv", ["id", "responded_at", "satisfaction_score"], varied),
                        "dataset": "survey", **_read(how)})  # fmt: skip
    kept = evaluate("kpi", params, items, CSAT)
    assert (kept.state, kept.details.get("same_answer")) == ("satisfied", None)


def test_calls_all_answered_without_a_wait_hold_the_service_level_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    """Observed: 3,000 calls each with a wait of 0 s (what an auto-attendant picking up records) printed a
    service level of 97 %, satisfied."""
    rows = [[f"k{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:{i % 60:02d}:00Z", "yes" if i % 30 == 0 else "no", 0]
            for i in range(600)]  # fmt: skip
    path = write_csv(evidence, "c.csv", ["id", "started_at", "abandoned", "wait_seconds"], rows)
    items, _ = collect({"path": path, "dataset": "calls"})
    params = {"kpi": "service_level_20s", "target": {"op": ">=", "value": 80}, "min_sample": 30}
    outcome = evaluate("kpi", params, items, SERVICE_LEVEL)
    assert outcome.details["same_answer"] == {"field": "wait_seconds", "answer": "0", "of": 600}
    assert outcome.state == "partial" and "wait_seconds = 0" in outcome.message["en"]


REPEAT = {
    "repeat_contact_7d": {
        "id": "repeat_contact_7d", "dataset": "tickets", "unit": "percent", "direction": "lower_is_better",
        "date_field": "created_at",
        "formula": {"type": "repeat_within", "key": "customer_id", "time": "created_at", "days": 7},
    }
}  # fmt: skip
REPEAT_PARAMS = {"kpi": "repeat_contact_7d", "target": {"op": "<=", "value": 15}, "min_sample": 30}


@pytest.mark.parametrize(("how", "count"), [(PATHS[0], 400), (PATHS[1], 400), (PATHS[0], 20000)])
def test_a_customer_key_that_never_repeats_holds_a_zero_repeat_rate_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str, count: int
) -> None:
    """Observed: a session number in the customer_id column printed "Repeat-contact rate (7 days): 0 %",
    satisfied: no "customer" ever came back. (20,000 keys: an estimated distinct count was 7 % short of the
    records, so the first version, which estimated, missed it.)"""
    day = "2025-{:02d}-{:02d}T09:00:00Z"
    rows = [[f"t{i}", day.format(1 + i % 12, 1 + i % 27), f"SESS-{(i * 7919) % 1000003}"] for i in range(count)]
    path = write_csv(evidence, "t.csv", ["id", "created_at", "customer_id"], rows)
    items, _ = collect({"path": path, "dataset": "tickets", **_read(how)})
    outcome = evaluate("kpi", REPEAT_PARAMS, items, REPEAT)
    assert outcome.details["value"] == pytest.approx(0.0)
    assert outcome.details["key_never_repeats"]["field"] == "customer_id"
    assert outcome.state == "partial" and _held(outcome) == ["key_never_repeats"]
    assert f"No customer_id appears twice among the {count:,} records" in outcome.message["en"]


def test_customers_who_come_back_grade_as_computed(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    """100 customers, each back every quarter (never within 7 days): 0 % is a real figure, and stands."""
    rows = [
        [f"t{i}", f"2025-{1 + 3 * (i % 4):02d}-{1 + (i // 4) % 27:02d}T09:00:00Z", f"C{i // 4}"] for i in range(400)
    ]
    path = write_csv(evidence, "t.csv", ["id", "created_at", "customer_id"], rows)
    items, _ = collect({"path": path, "dataset": "tickets"})
    outcome = evaluate("kpi", {**REPEAT_PARAMS, "min_coverage": 0.3}, items, REPEAT)
    assert outcome.details["value"] == pytest.approx(0.0)
    assert (outcome.state, outcome.details.get("key_never_repeats")) == ("satisfied", None)


RESOLUTION = {
    "resolution_time": {
        **FRT["first_reply_time"], "id": "resolution_time",
        "formula": {"type": "duration", "start": "created_at", "end": "resolved_at", "stat": "median"},
    }
}  # fmt: skip
RESOLUTION_PARAMS = {"kpi": "resolution_time", "target": {"op": "<=", "value": 48}, "min_sample": 30}


def _statuses(status: Any, rows: int = 300) -> list[list[Any]]:
    day = "2025-{:02d}-{:02d}T09:00:00Z"
    return [
        [f"t{i}", day.format(1 + i % 12, 1 + i % 27), day.format(1 + i % 12, 2 + i % 27), status(i)]
        for i in range(rows)
    ]


@pytest.mark.parametrize(
    ("how", "status"),
    [(how, "Closed (auto: no customer reply)") for how in PATHS]
    + [(PATHS[0], "Geschlossen – keine Rückmeldung"), (PATHS[0], "Clos – sans retour client"),
       (PATHS[0], "Zeitüberschreitung"), (PATHS[0], "Inaktivität")],
)  # fmt: skip
def test_requests_the_tool_closed_hold_a_met_resolution_time_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str, status: str
) -> None:
    """Observed (PYR-L1-10's rubric rejects it): every status "closed (auto: no customer reply)", resolved
    24 hours in by a timer, printed a median resolution time of 28 h, satisfied; the same statuses in
    German and French ("keine Rückmeldung", "sans retour client") were not recognised."""
    path = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", "status"],
                     _statuses(lambda i: status))  # fmt: skip
    items, _ = collect({"path": path, "dataset": "tickets", **_read(how)})
    outcome = evaluate("kpi", RESOLUTION_PARAMS, items, RESOLUTION)
    assert outcome.details["value"] == pytest.approx(24.0)
    assert outcome.details["closed_by_the_tool"] == {"n": 300, "of": 300, "share": 1.0}
    assert outcome.state == "partial" and _held(outcome) == ["closed_by_the_tool"]
    assert "have a status saying the tool closed them" in outcome.message["en"]


def test_requests_people_closed_grade_as_computed(evidence: Path, collect: Collect, evaluate: Evaluate) -> None:
    path = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", "status"],
                     _statuses(lambda i: "solved" if i % 2 else "closed"))  # fmt: skip
    items, _ = collect({"path": path, "dataset": "tickets"})
    outcome = evaluate("kpi", RESOLUTION_PARAMS, items, RESOLUTION)
    assert (outcome.state, outcome.details.get("closed_by_the_tool")) == ("satisfied", None)


ACK = {
    "complaint_ack_within_48h": {
        "id": "complaint_ack_within_48h", "dataset": "complaints", "unit": "percent",
        "direction": "higher_is_better", "date_field": "received_at",
        "name": {"en": "Complaints acknowledged within 48 h", "fr": "Réclamations accusées sous 48 h"},
        "formula": {"type": "within", "start": "received_at", "end": "acknowledged_at", "limit_hours": 48},
    }
}  # fmt: skip
ACK_PARAMS = {"kpi": "complaint_ack_within_48h", "target": {"op": ">=", "value": 90}, "min_sample": 50}


def _acks(count: int, reference: bool) -> list[list[Any]]:
    """E-mails received over 2025, each answered 30 seconds later (as an autoresponder does)."""
    rows = []
    for i in range(count):
        received = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T{8 + i % 12:02d}:{i % 60:02d}:00Z"
        rows.append(([f"C-{i:05d}"] if reference else []) + [received, received.replace(":00Z", ":30Z"), "email"])
    return rows


@pytest.mark.parametrize("how", PATHS)
def test_complaints_without_a_reference_hold_a_met_acknowledgement_share_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    """Observed (a rejected example of PYR-L2-01's rubric, "an automatic e-mail counted as acknowledgement with
    no complaint record"): an autoresponder's log (received_at, acknowledged_at, channel) mapped as complaints
    printed "Complaints acknowledged within 48 h: 100 %", satisfied."""
    header = ["received_at", "acknowledged_at", "channel"]
    items, _ = collect({"path": write_csv(evidence, "log.csv", header, _acks(300, False)), "dataset": "complaints",
                        **_read(how)})  # fmt: skip
    outcome = evaluate("kpi", ACK_PARAMS, items, ACK)
    assert outcome.details["value"] == pytest.approx(100.0)
    _held_as(outcome, "records_without_reference", "without_reference", {"field": "id", "exports": 1},
             "The export has no complaint reference (no id column)", "complaints register with each complaint's")
    assert "référence de réclamation" in outcome.message["fr"]


def test_complaints_with_their_reference_grade_as_computed(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    header = ["id", "received_at", "acknowledged_at", "channel"]
    items, _ = collect({"path": write_csv(evidence, "c.csv", header, _acks(300, True)), "dataset": "complaints"})
    outcome = evaluate("kpi", ACK_PARAMS, items, ACK)
    assert (outcome.state, outcome.details.get("without_reference")) == ("satisfied", None)


REPLY = {
    "first_reply_time": {**FRT["first_reply_time"]},
    "first_reply_time_p90": {**P90["first_reply_time_p90"]},
}
REPLY_PARAMS = {"kpi": "first_reply_time", "target": {"op": "<=", "value": 8}, "min_sample": 30}


def _written_replies(count: int, channel: str, seconds: int) -> list[list[Any]]:
    """Tickets over 2025 in business hours, each first answered `seconds` (plus up to a minute) later."""
    rows = []
    for i in range(count):
        minute, second = i % 60, 10 + i % 40
        created = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T{8 + i % 10:02d}:{minute:02d}:{second:02d}Z"
        reply_second = second + seconds + (i % 45)
        reply = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T{8 + i % 10 + reply_second // 3600:02d}:" \
                f"{(minute + reply_second // 60) % 60:02d}:{reply_second % 60:02d}Z"
        rows.append([f"t{i}", created, reply, channel])
    return rows


@pytest.mark.parametrize(
    ("how", "channel"),
    [(how, "E-mail") for how in PATHS] + [(PATHS[0], "Formulaire web"), (PATHS[0], "Kontaktformular")],
)
def test_emails_answered_within_two_minutes_hold_a_met_first_reply_time_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str, channel: str
) -> None:
    """Observed (a rejected example of PYR-L1-03's and DIG-L1-06's rubrics, "an auto-acknowledgement counted as
    a first reply"): 450 e-mail tickets each "answered" 20 to 90 seconds after arriving printed a median
    first reply of 54 s and a 90th percentile of 83 s, both satisfied: past the 5-second check of an
    instant reply, nothing said it was a machine."""
    header = ["id", "created_at", "first_reply_at", "channel"]
    path = write_csv(evidence, "t.csv", header, _written_replies(400, channel, 20))  # web forms in French, German
    items, _ = collect({"path": path, "dataset": "tickets", **_read(how)})
    for kpi, params in (("first_reply_time", REPLY_PARAMS), ("first_reply_time_p90", P90_PARAMS)):
        outcome = evaluate("kpi", {**params, "kpi": kpi}, items, REPLY)
        assert outcome.details["value"] < 0.05 and outcome.details.get("instant") is None  # past 5 seconds
        assert outcome.details["written_fast"]["share"] >= 0.9
        assert outcome.state == "partial" and _held(outcome) == ["written_answered_in_minutes"], kpi
        assert "of the e-mails, forms and letters" in outcome.message["en"]
        assert "first answer to each e-mail or form" in outcome.gap["en"]


@pytest.mark.parametrize(
    ("channel", "seconds"),
    [("chat", 20), ("phone", 20), ("email", 3600)],  # a chat answered in a minute is real; mail in an hour too
)
def test_fast_answers_where_someone_waits_or_mail_answered_in_hours_grade_as_computed(
    evidence: Path, collect: Collect, evaluate: Evaluate, channel: str, seconds: int
) -> None:
    header = ["id", "created_at", "first_reply_at", "channel"]
    path = write_csv(evidence, "t.csv", header, _written_replies(400, channel, seconds))
    items, _ = collect({"path": path, "dataset": "tickets"})
    outcome = evaluate("kpi", REPLY_PARAMS, items, REPLY)
    assert (outcome.state, outcome.details.get("written_fast")) == ("satisfied", None)


@pytest.mark.parametrize(("how", "column", "never"), [(PATHS[0], "reopened", "no"), (PATHS[1], "reopened", "no"),
                                                      (PATHS[0], "reopen_count", 0)])  # fmt: skip
def test_tickets_never_reopened_hold_a_met_resolution_time_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str, column: str, never: Any
) -> None:
    """Observed (a rejected example of PYR-L1-10's rubric, "a median that leaves out reopened tickets without
    saying so"): 450 tickets, `reopened` "no" on every one, printed a median resolution time as met."""
    rows = [[*row[:3], never] for row in _statuses(lambda i: "solved")]
    path = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", column], rows)
    items, _ = collect({"path": path, "dataset": "tickets", **_read(how)})
    outcome = evaluate("kpi", RESOLUTION_PARAMS, items, RESOLUTION)
    assert outcome.details["value"] == pytest.approx(24.0)
    _held_as(outcome, "never_reopened", "never_reopened", {"field": "reopened", "of": 300},
             "Not one ticket of the export was ever reopened", "reopened ones included")


@pytest.mark.parametrize(("reopened", "rows"), [(lambda i: "yes" if i % 30 == 0 else "no", 300),
                                                 (lambda i: "no", 150)])  # fmt: skip
def test_tickets_some_reopened_or_too_few_grade_as_computed(
    evidence: Path, collect: Collect, evaluate: Evaluate, reopened: Any, rows: int
) -> None:
    """Ten of 300 tickets reopened: a service as it is. 150 never reopened: too few to say anything."""
    data = [[*row[:3], reopened(i)] for i, row in enumerate(_statuses(lambda i: "solved", rows))]
    path = write_csv(evidence, "t.csv", ["id", "created_at", "resolved_at", "reopened"], data)
    items, _ = collect({"path": path, "dataset": "tickets"})
    outcome = evaluate("kpi", {**RESOLUTION_PARAMS, "min_sample": 30}, items, RESOLUTION)
    assert (outcome.state, outcome.details.get("never_reopened")) == ("satisfied", None)


PARAMS_CSAT = {"kpi": "csat_top2", "target": {"op": ">=", "value": 80}, "min_sample": 50}


def _reviews(count: int, channel: Any) -> list[list[Any]]:
    """Answers over 2025, nine in ten a 5 (the stars of a review as the satisfaction score)."""
    return [
        [f"R{i}", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:{i % 60:02d}:00Z", 2 if i % 10 == 0 else 5, channel(i)]
        for i in range(count)
    ]


@pytest.mark.parametrize("how", PATHS)
def test_reviews_from_a_public_site_mapped_as_a_survey_hold_csat_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    """Observed (a rejected example of PYR-L1-05's rubric, "online review star averages from a public site"):
    380 Trustpilot reviews mapped as a survey met CSAT top-2-box and its trend."""
    header = ["id", "responded_at", "satisfaction_score", "channel"]
    path = write_csv(evidence, "reviews.csv", header, _reviews(300, lambda i: "Trustpilot"))
    items, _ = collect({"path": path, "dataset": "survey", **_read(how)})
    outcome = evaluate("kpi", PARAMS_CSAT, items, CSAT)
    _held_as(outcome, "answers_from_review_sites", "review_site", {"sites": ["trustpilot"], "n": 300, "of": 300},
             "300 of the 300 answers come from a public review site (trustpilot)", "not from reviews")


def test_a_survey_with_a_few_review_site_answers_grades_as_computed(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    header = ["id", "responded_at", "satisfaction_score", "channel"]
    path = write_csv(evidence, "s.csv", header, _reviews(300, lambda i: "Google" if i % 5 == 0 else "email"))
    items, _ = collect({"path": path, "dataset": "survey"})
    outcome = evaluate("kpi", PARAMS_CSAT, items, CSAT)
    assert (outcome.state, outcome.details.get("review_site")) == ("satisfied", None)


COMPLAINT_CSAT = {
    "complaint_satisfaction": {
        "id": "complaint_satisfaction", "dataset": "complaints", "unit": "percent", "direction": "higher_is_better",
        "date_field": "received_at", "name": {"en": "Satisfaction with complaint handling", "fr": "Satisfaction"},
        "formula": {"type": "top_box", "field": "satisfaction_score", "boxes": 2},
    }
}  # fmt: skip
COMPLAINT_CSAT_PARAMS = {"kpi": "complaint_satisfaction", "target": {"op": ">=", "value": 60}, "min_sample": 50}


def _answers(count: int, handled: bool) -> list[list[Any]]:
    """Answers over 2025 (three in four a 4 or 5); `handled`: with each complaint's resolution and category."""
    rows = []
    for i in range(count):
        day = f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}T10:{i % 60:02d}:00Z"
        extra = [day.replace("T10:", "T16:"), "billing"] if handled else []
        rows.append([f"S{i}", day, 5 if i % 4 else 2, *extra])
    return rows


@pytest.mark.parametrize("how", PATHS)
def test_a_survey_of_all_customers_mapped_as_complaints_holds_complaint_satisfaction_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    """Observed (rejected examples of PYR-L2-05's and CMP-IMP-02's rubrics, "overall customer satisfaction used
    in place of satisfaction with complaint handling", "satisfaction from customers who never complained"):
    an annual customer survey (id, responded_at as received_at, satisfaction_score) mapped as complaints
    printed "Satisfaction with complaint handling" as met."""
    header = ["id", "responded_at", "satisfaction_score"]
    path = write_csv(evidence, "survey.csv", header, _answers(300, False))
    items, _ = collect({"path": path, "dataset": "complaints", "mapping": {"received_at": "responded_at"},
                        **_read(how)})  # fmt: skip
    outcome = evaluate("kpi", COMPLAINT_CSAT_PARAMS, items, COMPLAINT_CSAT)
    assert outcome.details["value"] == pytest.approx(75.0)
    assert outcome.details["no_complaint_fields"]["exports"] == 1
    assert outcome.state == "partial" and _held(outcome) == ["answers_without_complaint"]
    assert "nothing of a complaint" in outcome.message["en"] and "rien d'une réclamation" in outcome.message["fr"]
    assert "from the complaints register" in outcome.gap["en"]


def test_answers_in_a_complaints_register_grade_as_computed(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    header = ["id", "received_at", "satisfaction_score", "resolved_at", "category"]
    items, _ = collect({"path": write_csv(evidence, "c.csv", header, _answers(300, True)), "dataset": "complaints"})
    outcome = evaluate("kpi", COMPLAINT_CSAT_PARAMS, items, COMPLAINT_CSAT)
    assert (outcome.state, outcome.details.get("no_complaint_fields")) == ("satisfied", None)


@pytest.mark.parametrize(
    ("flag", "rule", "flagged", "said"),
    [
        (
            "written_fast", "written_answered_in_minutes",
            {"field": "first_reply_at", "n": 396, "of": 400, "share": 0.99},
            ("99% of the e-mails, forms and letters were answered within two minutes",
             "Held at partial: nine in ten written requests were answered within two minutes"),
        ),
        (
            "review_site", "answers_from_review_sites", {"sites": ["trustpilot"], "n": 300, "of": 300},
            ("Most answers come from a public review site",
             "Held at partial: the answers come from public review sites, not a survey."),
        ),
        (
            "never_reopened", "never_reopened", {"field": "reopened", "of": 300},
            ("Not one ticket of the export was ever reopened",
             "Held at partial: not one ticket was ever reopened, so the figure may leave some out."),
        ),
        (
            "no_complaint_fields", "answers_without_complaint", {"exports": 1},
            ("The export holds nothing of a complaint",
             "Held at partial: nothing in the export shows these customers complained."),
        ),
        (
            "without_reference", "records_without_reference", {"field": "id", "exports": 1},
            ("The export has no complaint reference",
             "Held at partial: no complaint in the export can be traced to its file."),
        ),
    ],
)  # fmt: skip
def test_the_report_says_why_a_flagged_figure_is_held(
    flag: str, rule: str, flagged: dict[str, Any], said: tuple[str, str]
) -> None:
    from servex.plugins.reports._i18n import lang
    from servex.plugins.reports._prose import requirement_line

    details = {
        "kpi": "k", "value": 0.02, "unit": "hours", "sample": 400, "target": {"op": "<=", "value": 8},
        "target_met": True, flag: flagged, "held_at_partial": [{"rule": rule, **flagged}],
    }  # fmt: skip
    line = requirement_line({"type": "kpi", "state": "partial", "details": details}, lang("en"))
    assert all(words in line for words in said), line
    for code in ("fr", "de"):
        other = requirement_line({"type": "kpi", "state": "partial", "details": details}, lang(code))
        assert said[0] not in other and "Held at partial" not in other, code


def test_a_survey_mapped_as_complaints_is_no_complaint_log(
    evidence: Path, collect: Collect, evaluate: Evaluate
) -> None:
    """The same survey met "an export of the complaint log with at least 50 complaints" (CMP-PRN-02, CMP-PRC-01)."""
    log = {"dataset": "complaints", "min_rows": 50, "min_coverage": 0.75}
    path = write_csv(evidence, "survey.csv", ["id", "responded_at", "satisfaction_score"], _answers(300, False))
    items, _ = collect({"path": path, "dataset": "complaints", "mapping": {"received_at": "responded_at"}})
    outcome = evaluate("dataset", log, items, {})
    assert outcome.state == "partial" and "nothing of a complaint" in outcome.message["en"]
    assert outcome.details["no_complaint_fields"]["exports"] == 1
    register = write_csv(
        evidence, "c.csv", ["id", "received_at", "satisfaction_score", "resolved_at", "category"], _answers(300, True)
    )
    items, _ = collect({"path": register, "dataset": "complaints"})
    assert evaluate("dataset", log, items, {}).state == "satisfied"


CLOSING = {
    "complaint_resolution_time": {
        "id": "complaint_resolution_time", "dataset": "complaints", "unit": "days",
        "direction": "lower_is_better", "date_field": "received_at",
        "name": {"en": "Complaint resolution time (median)", "fr": "Délai de traitement des réclamations (médiane)"},
        "formula": {"type": "duration", "start": "received_at", "end": "resolved_at", "stat": "median"},
    }
}  # fmt: skip
CLOSING_PARAMS = {"kpi": "complaint_resolution_time", "target": {"op": "<=", "value": 15}, "min_sample": 50}


def _closings(count: int, last: str, open_every: int = 0) -> list[list[Any]]:
    """Complaints received over 2025 up to `last` (a month-day), each closed a week later; with
    `open_every`, every such one is still open."""
    from datetime import datetime, timedelta

    start, end = datetime(2025, 1, 3, 10), datetime.fromisoformat(f"2025-{last}T10:00:00")
    step = (end - start) / max(1, count - 1)
    rows = []
    for i in range(count):
        received = start + step * i
        closed = "" if open_every and i % open_every == 0 else f"{received + timedelta(days=7):%Y-%m-%dT%H:%M:%SZ}"
        rows.append([f"C-{i:04d}", f"{received:%Y-%m-%dT%H:%M:%SZ}", closed])
    return rows


@pytest.mark.parametrize("how", PATHS)
def test_an_export_of_closed_complaints_only_holds_a_met_resolution_time_at_partial(
    evidence: Path, collect: Collect, evaluate: Evaluate, how: str
) -> None:
    """Observed (a rejected example of PYR-L2-02's rubric, "resolution measured only for complaints closed,
    leaving out open ones"): 260 complaints, every one closed, the last on 7 December of a year assessed to
    31 December, met the median resolution time and "closed by their due date" (100 %)."""
    path = write_csv(evidence, "closed.csv", ["id", "received_at", "resolved_at"], _closings(260, "11-25"))
    items, _ = collect({"path": path, "dataset": "complaints", **_read(how)})
    outcome = evaluate("kpi", CLOSING_PARAMS, items, CLOSING)
    assert outcome.details["value"] == pytest.approx(7.0)
    flagged = {"field": "resolved_at", "of": 260, "latest": "2025-12-02"}
    _held_as(outcome, "closed_complaints_only", "only_closed", flagged,
             "every complaint of the export is closed, the last within the period", "still open at the end")


@pytest.mark.parametrize(("last", "open_every", "count"), [("12-30", 20, 260), ("12-30", 0, 260), ("11-25", 0, 40)])
def test_a_register_with_open_complaints_or_closings_after_the_period_grades_as_computed(
    evidence: Path, collect: Collect, evaluate: Evaluate, last: str, open_every: int, count: int
) -> None:
    """A register exported at the period's end holds the complaints still open (one in twenty here); one
    exported later has every complaint closed, those of late December in January; 40 complaints all
    closed are too few to say anything."""
    path = write_csv(evidence, "register.csv", ["id", "received_at", "resolved_at"], _closings(count, last, open_every))
    items, _ = collect({"path": path, "dataset": "complaints"})
    outcome = evaluate("kpi", {**CLOSING_PARAMS, "min_sample": 30}, items, CLOSING)
    assert (outcome.state, outcome.details.get("only_closed")) == ("satisfied", None)
