"""Export: the XLSForm converts cleanly with pyxform, and a Kobo-style export of submissions to it comes
back through `servex assess` as the very answers that were given; YAML and HTML forms are usable."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from servex._criteria.registry import CriteriaRegistry
from servex._plugins import load_plugins

Run = Callable[..., Any]  # fixtures from conftest.py
#: the shipped pyramid set's version, as the exported forms record it
PYRAMID_VERSION = str(
    yaml.safe_load((Path(__file__).parents[2] / "criteria" / "pyramid.yaml").read_text(encoding="utf-8"))["version"]
)
Assess = Callable[[Path], dict[str, Any]]

PEOPLE = [("management", "Director M1"), ("management", "Head M2")]
PEOPLE += [("staff", f"Adviser S{i}") for i in range(1, 4)]
PEOPLE += [("customer", f"Customer C{i}") for i in range(1, 6)]


@cache
def _asked(level: str | None = None, role: str | None = None) -> list[str]:
    """The field names a form of the shipped pyramid set must ask, in criteria order, read from the criteria
    data (not from the exporter): one per question of each live criterion, as `PYR_L2_07__q_feedback_changes`.
    The criteria are reworked often; expectations follow the data instead of a count typed in here."""
    cset = CriteriaRegistry(load_plugins()).load("servex-pyramid")
    return [
        f"{c.id.replace('-', '_')}__{q.id}"
        for c in cset.criteria
        if not c.deprecated and level in (None, c.level)
        for q in c.questions
        if role is None or role in q.roles
    ]


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    book = load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def test_xlsform_validates_with_pyxform_and_round_trips(
    tmp_path: Path, cli: Run, org: Path, assess: Assess, answers_of: Callable[..., Any], q_log: Callable[..., Any]
) -> None:
    from pyxform.xls2xform import convert

    form = tmp_path / "pyramid.xlsx"
    done = cli("questionnaire", "export", "--criteria", "servex-pyramid", "-o", str(form))
    assert done.returncode == 0, done.stderr
    warnings: list[str] = []
    xform = convert(xlsform=str(form), warnings=warnings).xform
    assert warnings == []
    assert 'lang="French (fr)"' in xform and "PYR_L2_07__q_feedback_changes" in xform
    settings = _sheet(form, "settings")[0]
    assert (settings["servex_criteria_set"], settings["servex_criteria_version"]) == ("servex-pyramid", PYRAMID_VERSION)

    survey = [r for r in _sheet(form, "survey") if r["servex_criterion"] and not r["type"].startswith("begin")]
    assert [r["name"] for r in survey] == _asked() and all(
        re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", r["name"]) for r in survey
    )
    assert len({r["name"] for r in survey}) == len(survey)
    choices: dict[str, list[str]] = {}
    for c in _sheet(form, "choices"):
        choices.setdefault(c["list_name"], []).append(c["name"])

    # Fill it as KoboToolbox exports submissions: group paths joined by "/", metadata columns around.
    headers = ["start", "end", "servex_set", "servex_version", "respondent/role", "respondent/respondent_name"]
    headers += ["respondent/answered_at"] + [f"{r['servex_criterion'].replace('-', '_')}/{r['name']}" for r in survey]
    headers += ["meta/instanceID", "_id", "_uuid", "_submission_time", "__version__", "_index"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Service Excellence Pyramid"
    sheet.append(headers)
    expected: dict[tuple[str, str], set[tuple[str, str, Any, str]]] = {}
    for n, (role, name) in enumerate(PEOPLE):
        day = f"2025-11-{n + 3:02d}"
        when = datetime.fromisoformat(day) if n % 2 else day
        row: list[Any] = ["", "", "servex-pyramid", PYRAMID_VERSION, role, name, when]
        for i, q in enumerate(survey):
            if role not in re.findall(r"'(\w+)'", q["relevant"] or ""):
                row.append(None)
                continue
            kind = q["type"].split()
            value: Any = n + 1 if kind[0] == "integer" else choices[kind[1]][(n + i) % len(choices[kind[1]])]
            row.append(value)
            key = (q["servex_criterion"], q["name"].split("__", 1)[1])
            answer = {"yes": True, "no": False}.get(value, value) if kind[-1] == "servex_yes_no" else value
            expected.setdefault(key, set()).add((name, role, answer, day))
        row += [f"uuid:{n}", 1000 + n, f"u-{n}", "2025-11-20T10:00:00", "vABC", n + 1]
        sheet.append(row)
    book.save(org / "answers" / "kobo-export.xlsx")

    result = assess(org)
    assert q_log(result) == []
    got = {
        key: {(a["respondent"], a["role"], a["value"], a["date"]) for a in answers}
        for key, answers in answers_of(result).items()
    }
    assert got == expected
    assert len(expected) == len(survey)  # every question was answered by someone and came back


def test_xlsform_single_language_role_and_level(tmp_path: Path, cli: Run) -> None:
    from pyxform.xls2xform import convert

    form = tmp_path / "staff.xlsx"
    done = cli(
        "questionnaire",
        "export",
        "--criteria",
        "servex-pyramid",
        "--level",
        "L2",
        "--role",
        "staff",
        "--lang",
        "fr",
        "-o",
        str(form),
    )
    assert done.returncode == 0, done.stderr
    survey = _sheet(form, "survey")
    assert "label::French (fr)" in survey[0] and "label::English (en)" not in survey[0]
    asked = [r["name"] for r in survey if r["servex_level"]]
    assert asked == _asked("L2", "staff")
    assert {"PYR_L2_07__q_feedback_changes", "PYR_L2_10__q_hear_feedback"} <= set(asked)
    assert all(r["servex_level"] == "L2" and not r["relevant"] for r in survey if r["servex_level"])
    assert next(r for r in survey if r["name"] == "role")["default"] == "staff"
    assert convert(xlsform=str(form), warnings=[]).xform


def test_unknown_set_level_or_role_is_exit_3(tmp_path: Path, cli: Run) -> None:
    out = str(tmp_path / "f.xlsx")
    for args, word in (
        (["--criteria", "nope"], "unknown criteria set 'nope'"),
        (["--criteria", "servex-pyramid", "--level", "L9"], "no level 'L9'"),
        (["--criteria", "servex-pyramid", "--role", "boss"], "unknown role 'boss'"),
    ):
        done = cli("questionnaire", "export", *args, "-o", out)
        assert done.returncode == 3 and word in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not Path(out).exists()


def test_blank_yaml_is_read_by_the_collector_once_filled(
    tmp_path: Path, cli: Run, org: Path, assess: Assess, answers_of: Callable[..., Any], q_log: Callable[..., Any]
) -> None:
    blank = org / "answers" / "round.yaml"
    done = cli("questionnaire", "export", "--criteria", "servex-pyramid", "--role", "staff", "-o", str(blank))
    assert done.returncode == 0, done.stderr
    text = blank.read_text(encoding="utf-8")
    assert "# strongly_disagree (Strongly disagree) | disagree (Disagree)" in text
    data = yaml.safe_load(text)
    assert data["criteria_version"] == PYRAMID_VERSION and data["responses"][0]["respondent"]["role"] == "staff"
    assert q_log(assess(org)) == []  # a blank file (all null) is valid and says nothing
    filled = text.replace('name: ""', 'name: "Adviser Z"').replace('answered_at: ""', 'answered_at: "2025-11-09"')
    filled = filled.replace("q_feedback_changes: null", "q_feedback_changes: often")
    blank.write_text(filled, encoding="utf-8")
    result = assess(org)
    assert answers_of(result)[("PYR-L2-07", "q_feedback_changes")] == [
        {"respondent": "Adviser Z", "role": "staff", "value": "often", "score": 75.0, "date": "2025-11-09"}
    ]


def test_html_form_is_self_contained_and_escaped(tmp_path: Path, cli: Run) -> None:
    cset = yaml.safe_load((Path(__file__).parents[1] / "core/data/mini-set.yaml").read_text(encoding="utf-8"))
    cset["criteria"][0]["questions"] = [
        {
            "id": "q_x",
            "type": "yes_no",
            "roles": ["staff"],
            "text": {"en": "<script>alert(1)</script> & co?", "fr": "x"},
            "help": {"en": "Say <b>yes</b>", "fr": "Dites oui"},
        },
    ]
    (tmp_path / "set.yaml").write_text(yaml.safe_dump(cset, allow_unicode=True), encoding="utf-8")
    done = cli("questionnaire", "export", "--criteria", "set.yaml", "-o", "form.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "form.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co?" in page and "<script" not in page
    assert "Say &lt;b&gt;yes&lt;/b&gt;" in page and "Yes" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_pdf_form_for_paper_answers(tmp_path: Path, cli: Run) -> None:
    """The printable form as PDF, in French; a question text with markup prints as text and loads nothing."""
    import pypdf

    done = cli(
        "questionnaire",
        "export",
        "--criteria",
        "servex-pyramid",
        "--role",
        "staff",
        "--lang",
        "fr",
        "-o",
        "form.pdf",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "form.pdf").pages)
    assert "Nom ou pseudonyme" in text and "PYR-L1-01" in text and "Plutôt d'accord" in text
    cset = yaml.safe_load((Path(__file__).parents[1] / "core/data/mini-set.yaml").read_text(encoding="utf-8"))
    cset["criteria"][0]["questions"] = [
        {
            "id": "q_x",
            "type": "yes_no",
            "roles": ["staff"],
            "text": {"en": '<img src="file:///etc/hostname"> Seen?', "fr": "x"},
        },
    ]
    (tmp_path / "set.yaml").write_text(yaml.safe_dump(cset, allow_unicode=True), encoding="utf-8")
    done = cli("questionnaire", "export", "--criteria", "set.yaml", "--format", "pdf", "-o", "mini.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(tmp_path / "mini.pdf")
    assert '<img src="file:///etc/hostname"> Seen?' in reader.pages[0].extract_text()
    images = [
        obj
        for page in reader.pages
        for obj in (page["/Resources"].get_object().get("/XObject") or {}).values()
        if obj.get_object().get("/Subtype") == "/Image"
    ]
    assert images == []  # the <img> was printed, not loaded


def test_xlsform_types_hints_skip_logic_and_multiple_choice_import(
    tmp_path: Path,
    cli: Run,
    assess: Assess,
    mini_org: Callable[[Path], Path],
    q_log: Callable[..., Any],
    answers_of: Callable[..., Any],
) -> None:
    from pyxform.xls2xform import convert

    org = mini_org(tmp_path)
    done = cli("questionnaire", "export", "--criteria", "set.yaml", "-o", "form.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings: list[str] = []
    assert convert(xlsform=str(tmp_path / "form.xlsx"), warnings=warnings).xform and warnings == []
    rows = {r["name"]: r for r in _sheet(tmp_path / "form.xlsx", "survey")}
    assert rows["MINI_L1_01__q_channel"]["hint::English (en)"] == "The channel you spend most time on."
    assert rows["MINI_L1_01__q_trained"]["type"] == "select_one servex_yes_no"
    assert (rows["MINI_L1_01__q_hours"]["type"], rows["MINI_L1_01__q_hours"]["constraint"]) == ("integer", ". >= 0")
    assert rows["MINI_L1_01__q_hours"]["relevant"] == "(${role} = 'staff') and ${MINI_L1_01__q_trained} = 'yes'"
    assert rows["MINI_L1_01__q_tools"]["type"] == "select_multiple MINI_L1_01__q_tools"
    assert rows["MINI_L1_01__q_mgmt"]["relevant"] == "(${role} = 'management')"
    assert rows["MINI_L1_01__q_note"]["type"] == "text"

    # ODK Central's CSV export joins groups with "-"; Kobo adds one 0/1 column per choice of a multiple.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["SubmissionDate", "servex_set", "servex_version", "respondent-role", "respondent-respondent_name"]
        + ["respondent-answered_at", "MINI_L1_01-MINI_L1_01__q_channel", "MINI_L1_01-MINI_L1_01__q_tools"]
        + [f"MINI_L1_01/MINI_L1_01__q_tools/{c}" for c in ("crm", "kb", "wiki")]
        + ["MINI_L1_01-MINI_L1_01__q_trained", "MINI_L1_01-MINI_L1_01__q_hours", "KEY", "meta-instanceID"]
    )
    sheet.append(["2025-11-02", "test-mini", "1.0.0", "staff", "Ann", "2025-11-01", "chat", "crm wiki", 1, 0, 1])
    sheet.cell(2, 12, "yes")
    sheet.cell(2, 13, 12)
    sheet.cell(2, 14, "uuid:1")
    book.save(org / "answers" / "odk.xlsx")
    result = assess(org)
    assert q_log(result) == []
    evidence = next(e for e in result["evidence"] if e["kind"] == "answers")
    assert evidence["attributes"] == {"respondents": 1, "answers": 4, "roles": ["staff"]}
    assert answers_of(result)[("MINI-L1-01", "q_channel")][0]["value"] == "chat"
