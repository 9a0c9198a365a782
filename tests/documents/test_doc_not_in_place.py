"""A practice listed as not in place is not a practice (see `_status`).

What was observed: an organisation's own self-assessment, a table of practices each marked "Not in place",
"Not started", "No" or "To do", lifted fourteen requirements of the pyramid set, three to satisfied, alone in
a folder; so did the same practices as a checklist whose boxes were all empty. An empty folder lifts none.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from docfiles import assess_folder
from servex.plugins.documents._status import status_spans

PRACTICES = [
    ("Every complaint is recorded, categorised and tracked in a complaints register", "Not in place"),
    ("Complaints are acknowledged within 2 working days and escalated to a manager", "Not started"),
    ("Root causes of complaints are analysed every quarter", "No"),
    ("Every complaint is answered within 10 working days", "Not yet"),
    ("Customer satisfaction surveys measure NPS and CSAT each month", "Missing"),
    ("Customer feedback is collected, analysed and reported to management each month", "Gap"),
    ("Improvement actions are taken on feedback and customers are told what changed", "Not done"),
    ("Staff receive training in customer service every year", "Not in place"),
    ("Employees are empowered to resolve issues and offer goodwill gestures", "No"),
    ("A recognition scheme for excellent service", "To do"),
    ("A published service promise and service standards", "Not in place"),
    ("Response times and resolution times are monitored against targets every month", "Not started"),
    ("The customer journey is mapped", "No"),
    ("Personal, unexpected gestures surprise customers and are reviewed by a manager each month", "Not in place"),
]
HEAD = "# Service excellence self-assessment\n\nPrepared by the Head of Customer Service, 3 March 2025.\n\n"


def _states(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(f["criterion_id"], r["id"]): r["state"] for f in result["findings"] for r in f["requirements"]}


def _docx(path: Path, rows: list[tuple[str, str]]) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    table = "".join(f"<w:tr>{cell(practice)}{cell(status)}</w:tr>" for practice, status in rows)
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>Self-assessment, March 2025</w:t></w:r>'
            f"</w:p><w:tbl>{table}</w:tbl></w:body></w:document>",
        )


@pytest.mark.parametrize("form", ["markdown table", "checklist", "word table"])
def test_a_list_of_practices_not_in_place_proves_none_of_them(tmp_path: Path, form: str) -> None:
    folder = tmp_path / "listed"
    folder.mkdir()
    (tmp_path / "empty").mkdir()
    if form == "markdown table":
        rows = "".join(f"| {practice} | {status} | Jo |\n" for practice, status in PRACTICES)
        (folder / "gap-analysis.md").write_text(HEAD + "| Practice | Status | Owner |\n|---|---|---|\n" + rows)
    elif form == "checklist":
        boxes = "".join(f"- [ ] {item}\n" if n % 2 else f"☐ {item}\n" for n, (item, _) in enumerate(PRACTICES))
        (folder / "checklist.md").write_text(HEAD + boxes)
    else:
        _docx(folder / "gap-analysis.docx", [("Practice", "Status"), *PRACTICES])
    listed, empty = (_states(assess_folder(path, tmp_path)) for path in (folder, tmp_path / "empty"))
    assert listed == empty


def test_the_same_list_marked_in_place_still_counts(tmp_path: Path) -> None:
    """The control: the same rows with "In place", and the boxes ticked, lift requirements."""
    (tmp_path / "done").mkdir()
    (tmp_path / "empty").mkdir()
    rows = "".join(f"| {practice} | In place | Jo |\n" for practice, _status in PRACTICES)
    ticked = "".join(f"- [x] {practice}\n" for practice, _status in PRACTICES)
    table = HEAD + "| Practice | Status | Owner |\n|---|---|---|\n" + rows
    (tmp_path / "done" / "self-assessment.md").write_text(table)
    (tmp_path / "done" / "checklist.md").write_text(HEAD + ticked)
    done, empty = (_states(assess_folder(tmp_path / name, tmp_path)) for name in ("done", "empty"))
    assert ("PYR-L2-07", "rca") in {key for key, state in done.items() if state != empty[key]}


@pytest.mark.parametrize(
    "line",
    [
        "| Complaints are acknowledged within 2 working days | Not started | Jo |",
        "| Root causes of complaints are analysed every quarter | No |",
        "Customer satisfaction is surveyed every month | ✗",
        "| Staff receive customer service training every year | To do |",
        "| Les réclamations sont enregistrées dans un registre | À faire |",
        "| Beschwerden werden innerhalb von 2 Tagen bestätigt | Nicht umgesetzt |",
        "- [ ] Complaints are acknowledged within 2 working days",
        "☐ A recognition scheme for excellent service",
        "3. [ ] Root causes of complaints are analysed every quarter",
    ],
)
def test_a_line_that_lists_a_practice_as_not_in_place_is_blanked(line: str) -> None:
    assert status_spans(line) == [(0, len(line))]


@pytest.mark.parametrize(
    "line",
    [
        "| Complaints are acknowledged within 2 working days | In place | Jo |",
        "| Root causes of complaints are analysed every quarter | Yes |",
        "- [x] Complaints are acknowledged within 2 working days",
        "☑ A recognition scheme for excellent service",
        # a service standard whose last column answers another question (is it charged?)
        "| Repair quote | within 24 hours | No |",
        "| Service | Response time | Charged |",
        "Every complaint is acknowledged within 2 working days; no complaint is closed without a reply.",
        "We have no gap in cover: the phone is answered from 8 am to 8 pm.",
        # a corrective-action log: the action decided, not yet done, is what a review asks for
        "| Travaux | 167 | Information tardive des riverains | Avis de travaux 10 jours avant | en cours |",
        "| Saturday wheel builds | Corrective action: no Saturday collection | Sam | Planned |",
    ],
)
def test_a_line_that_states_a_practice_is_kept(line: str) -> None:
    assert status_spans(line) == []


def test_only_the_rows_not_in_place_are_blanked() -> None:
    text = (
        "| Complaints are acknowledged within 2 working days | In place |\n"
        "| Root causes of complaints are analysed every quarter | Not started |\n"
        "| Customers are surveyed every month | Yes |\n"
    )
    (start, end), = status_spans(text)
    assert text[start:end] == "| Root causes of complaints are analysed every quarter | Not started |"
