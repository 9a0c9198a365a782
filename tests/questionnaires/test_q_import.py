"""Survey-tool exports in the evidence folder: Microsoft Forms, Google Forms and LimeSurvey CSV mapped in
the manifest, Kobo/ODK XLSX found under answers/. Bad cells are named by file, row and question, and
the rest of the export still counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

Run = Callable[..., Any]  # fixtures from conftest.py
Assess = Callable[[Path], dict[str, Any]]


def _manifest(org: Path, files: list[dict[str, Any]]) -> None:
    sources = {"sources": [{"name": "surveys", "collector": "questionnaires", "config": {"files": files}}]}
    manifest = org / "servex.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + yaml.safe_dump(sources), encoding="utf-8")


def _messages(result: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    return [(e["file"], e["line"], e["message"]) for e in result["log"] if e["source"] == "surveys"]


MSFORMS = (
    "\ufeffID,Start time,Completion time,Email,Name,How often do you see changes?,"
    "I know the service commitments we make to customers and can explain them.,Hours?,Favourite colour\n"
    "1,11/5/2025 9:00:00,11/5/2025 9:10:00,anonymous,Ann,Rarely,Agree,3,blue\n"
    "2,11/5/2025 9:00:00,11/5/2025 9:12:00,anonymous,Bob,RARELY,plutot d'accord,4,red\n"
    "3,11/5/2025 9:00:00,soon,anonymous,Cid,Sometimes,Maybe,lots,green\n"
    "4,11/6/2025 9:00:00,11/6/2025 9:12:00,anonymous,Ann,Always,Agree,,blue\n"
)


def test_msforms_csv_with_bad_cells(org: Path, assess: Assess, answers_of: Callable[..., Any]) -> None:
    (org / "answers" / "staff.csv").write_text(MSFORMS, encoding="utf-8")
    _manifest(
        org,
        [
            {
                "path": "answers/staff.csv",
                "format": "msforms",
                "role": "staff",
                "respondent": "Name",
                "criteria_version": "0.9.0",
                "mapping": {
                    "How often do you see changes?": "PYR-L2-07.q_feedback_changes",
                    "Hours?": "PYR-L4-04.q_services_launched",
                },
            }
        ],
    )
    result = assess(org)
    messages = _messages(result)
    text = "\n".join(f"{f}:{line}: {m}" for f, line, m in messages)
    assert all(f == "answers/staff.csv" for f, _, _ in messages)
    assert "answers/staff.csv:None: answers were given to version 0.9.0" in text
    assert "column 'Favourite colour' is not mapped to a question" in text
    assert "answers/staff.csv:4: row 4: unreadable date 'soon' in column 'Completion time'" in text
    assert "answers/staff.csv:4: respondent Cid: answered_at 'soon' is not a date (YYYY-MM-DD)" in text
    assert "answers/staff.csv:2: question PYR-L4-04/q_services_launched is not asked of staff" in text
    assert "answers/staff.csv:5: respondent Ann answers twice" in text
    got = answers_of(result)
    changes = [(a["respondent"], a["value"], a["date"]) for a in got[("PYR-L2-07", "q_feedback_changes")]]
    # Cid's row has no readable date: when it was answered is unknown, so it is not used (see _dating)
    assert changes == [("Ann", "rarely", "2025-11-05"), ("Bob", "rarely", "2025-11-05")]
    assert [a["value"] for a in got[("PYR-L1-01", "q_promise_known")]] == ["agree", "agree"]


def test_limesurvey_role_column_and_value_codes(org: Path, assess: Assess, answers_of: Callable[..., Any]) -> None:
    (org / "answers" / "lime.csv").write_text(
        "id;submitdate;lastpage;startlanguage;seed;role;Q1;Q2;Q3\n"
        "11;2025-10-02 10:00:00;2;fr;123;Personnel;A4;;\n"
        "12;2025-10-03 11:00:00;2;fr;456;Direction;A5;Y;beaucoup\n"
        "13;;1;fr;789;Stagiaire;A1;Y;2\n",
        encoding="utf-8",
    )
    _manifest(
        org,
        [
            {
                "path": "answers/lime.csv",
                "format": "limesurvey",
                "role_column": "role",
                "mapping": {
                    "Q1": "PYR-L2-07.q_feedback_changes",
                    "Q2": "PYR-L3-09.q_exec_sponsor",
                    "Q3": "PYR-L4-04.q_services_launched",
                },
                "values": {"A1": "never", "A4": "often", "A5": "always", "Y": "yes", "N": "no"},
            }
        ],
    )
    result = assess(org)
    got = answers_of(result)
    assert [(a["respondent"], a["role"], a["value"], a["date"]) for a in got[("PYR-L2-07", "q_feedback_changes")]] == [
        ("12", "management", "always", "2025-10-03"),
        ("11", "staff", "often", "2025-10-02"),
    ]
    assert [a["value"] for a in got[("PYR-L3-09", "q_exec_sponsor")]] == [True]
    messages = _messages(result)
    assert ("answers/lime.csv", 4, "respondent needs an id and a role (management, staff, customer)") in messages
    assert any(line == 3 and "'beaucoup' to PYR-L4-04/q_services_launched" in m for _, line, m in messages)
    assert any(line == 3 and m.endswith("expected a number") for _, line, m in messages)


def test_google_forms_french_labels_by_question_text(org: Path, assess: Assess, answers_of: Callable[..., Any]) -> None:
    (org / "answers" / "g.csv").write_text(
        "Timestamp,Email Address,\"J'ai trouvé facilement l'information dont j'avais besoin (tarifs, délais, "
        'interlocuteur)."\n'
        "2025/10/22 9:14:03 AM GMT+1,a@example.org,Tout à fait d'accord\n"
        "2025/10/22 9:20:00 PM GMT+1,b@example.org,PLUTOT D'ACCORD\n",
        encoding="utf-8",
    )
    _manifest(org, [{"path": "answers/g.csv", "format": "googleforms", "role": "customer"}])
    result = assess(org)
    assert _messages(result) == []
    finding = next(f for f in result["findings"] if f["criterion_id"] == "PYR-L1-06")
    asked = next(r for r in finding["requirements"] if r["type"] == "questionnaire")
    assert asked["state"] == "insufficient"  # two customers, five needed; the answers were read:
    assert "2 answer(s)" in asked["message"]["en"]
    # too few to grade on, but listed, so a report shows who said what
    assert [a["score"] for a in answers_of(result)[("PYR-L1-06", "q_info_found")]] == [100.0, 75.0]


def test_kobo_xlsx_rows_for_other_versions_and_unknown_columns(org: Path, assess: Assess, answers_of: Any) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "servex_set",
            "servex_version",
            "respondent/role",
            "respondent/respondent_name",
            "respondent/answered_at",
            "PYR_L2_07/PYR_L2_07__q_feedback_changes",
            "PYR_L9_99__q_gone",
            "_uuid",
        ]
    )
    sheet.append(["servex-pyramid", "1.0.0", "staff", "Ann", "2025-11-05", "often", None, "u1"])
    sheet.append(["servex-pyramid", "0.9.0", "staff", "Bob", "2025-11-05", "rarely", "x", "u2"])
    sheet.append(["servex-other", "1.0.0", "staff", "Cid", "2025-11-05", "never", None, "u3"])
    sheet.append(["servex-pyramid", "1.0.0", "management", "Dee", "05/11/2025", "usually", None, "u4"])
    book.save(org / "answers" / "kobo.xlsx")
    (org / "answers" / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (org / "answers" / "broken.xlsx").write_bytes(b"not a workbook")
    result = assess(org)
    log: dict[tuple[str, int | None], str] = {}
    for e in result["log"]:
        if e["source"] == "questionnaires":
            log[(e["file"], e["line"])] = log.get((e["file"], e["line"]), "") + e["message"] + "\n"
    assert "version 0.9.0" in log[("answers/kobo.xlsx", 3)]
    assert "criteria set 'servex-other'" in log[("answers/kobo.xlsx", 4)]
    assert "answered_at '05/11/2025' is not a date" in log[("answers/kobo.xlsx", 5)]
    assert "unreadable date '05/11/2025'" in log[("answers/kobo.xlsx", 5)]
    assert "column 'PYR_L9_99__q_gone' is not mapped" in log[("answers/kobo.xlsx", None)]
    assert "needs a `files:` entry" in log[("answers/stray.csv", None)]
    assert "not a readable XLSX workbook" in log[("answers/broken.xlsx", None)]
    got = answers_of(result)[("PYR-L2-07", "q_feedback_changes")]
    assert [(a["respondent"], a["value"]) for a in got] == [("Ann", "often"), ("Bob", "rarely")]


def test_bad_source_config_is_exit_3(org: Path, cli: Run, tmp_path: Path) -> None:
    _manifest(org, [{"path": "answers/x.csv", "format": "msforms", "mapping": {"Q": "not a key"}}])
    done = cli("assess", str(org), "-o", f"json:{tmp_path / 'r.json'}")
    assert done.returncode == 3, done.stderr
    assert "servex.yaml" in done.stderr and "files" in done.stderr
