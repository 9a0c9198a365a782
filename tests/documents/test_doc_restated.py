"""Restating the criteria set's own wording proves nothing: such passages are blanked (see `_restated`).

What was observed: a "policy" made of the pyramid set's own requirement descriptions, guidance and
statements (what `servex criteria show` prints), alone in a folder, met 3 criteria and lifted 42 to
"partially met"; a servex report whose criterion ids were deleted met 3 and lifted 42. An empty folder
meets none. The grade followed servex's wording of the requirement, not anything the organisation does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docfiles import assess_folder, grades
from servex import load_criteria_set
from servex.plugins.documents._match import DocIndex
from servex.plugins.documents._restated import RUN, Restated

REPO = Path(__file__).resolve().parents[2]
PYRAMID = REPO / "criteria" / "pyramid.yaml"


def _criteria() -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load(PYRAMID.read_text("utf-8"))["criteria"]  # type: ignore[no-any-return]


def _folder(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "policy.md").write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def empty_grades(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, object]]:
    tmp = tmp_path_factory.mktemp("empty")
    (tmp / "empty").mkdir()
    return grades(assess_folder(tmp / "empty", tmp))


def test_a_policy_pasted_from_the_requirements_grades_like_an_empty_folder(
    tmp_path: Path, empty_grades: list[tuple[str, str, object]]
) -> None:
    texts = [c[key]["en"] for c in _criteria() for key in ("statement", "guidance", "recommendation") if c.get(key)]
    texts += [r["description"]["en"] for c in _criteria() for r in c.get("evidence", []) if r.get("description")]
    head = "# Our service policy\n\nOwner: Head of Service. Approved by the board on 2 March 2025.\n\n"
    body = head + "\n\n".join(texts)
    result = assess_folder(_folder(tmp_path, "pasted", body), tmp_path)
    assert grades(result) == empty_grades
    warned = [e["message"] for e in result["log"] if e.get("file") == "policy.md"]
    assert len(warned) == 1 and "restating servex-pyramid's own wording" in warned[0]


def test_a_list_of_the_criteria_by_title_is_not_evidence(
    tmp_path: Path, empty_grades: list[tuple[str, str, object]]
) -> None:
    lines = [f"- {c['title']['en']}: we do this every month; 95 % of customers are satisfied." for c in _criteria()]
    result = assess_folder(_folder(tmp_path, "titles", "# Checklist\n\n" + "\n".join(lines) + "\n"), tmp_path)
    assert grades(result) == empty_grades
    warned = [e["message"] for e in result["log"] if e.get("file") == "policy.md"]
    assert len(warned) == 1 and warned[0].startswith("not used as evidence: it names 57 servex-pyramid criteria")


@pytest.fixture(scope="module")
def restated() -> Restated:
    return Restated(load_criteria_set("servex-pyramid"))


def _description(needle: str) -> str:
    return str(
        next(
            r["description"]["en"] for c in _criteria() for r in c.get("evidence", [])
            if needle in r.get("description", {}).get("en", "")
        )
    )  # fmt: skip


def test_a_shared_phrase_is_kept_a_copied_sentence_is_blanked(restated: Restated) -> None:
    copied = _description("acknowledged within two working days")
    words = copied.split()
    assert len(words) > RUN
    own = f"Our procedure: each complaint is {' '.join(words[3 : 3 + RUN - 1])} by the complaints team."
    assert restated.spans(own) == []  # eight words in a row in common: the organisation's own sentence
    text = f"Our procedure. {copied} Complaints are logged in the CRM."
    [(start, end)] = restated.spans(text)
    assert start == text.index(copied) and text[start:end] in copied and end - start >= len(copied) - 2
    assert "Complaints are logged in the CRM." in text[end:]


def test_titles_listed_together_are_blanked_a_heading_over_own_content_is_kept(restated: Restated) -> None:
    line = "To improve: Appointments kept; Accurate bills; Prompt first reply"
    listed = DocIndex.build((("line 1", line),), "en", restated)
    assert listed.segments[0][1].strip() == "To improve:"
    report = (
        ("line 1", "## Accurate bills"),
        ('line 3 (under "Accurate bills")', "0.8 % of folios were corrected after check-out, against 1 %."),
    )
    kept = DocIndex.build(report, "en", restated)
    assert kept.segments == report and kept.restated_spans == []
    bare = (("line 1", "## Accurate bills"), ("line 2", "## Appointments kept"), ("line 3", "We are great."))
    assert [text.strip() for _l, text in DocIndex.build(bare, "en", restated).segments] == ["", "", "We are great."]


def test_blanking_keeps_every_position(restated: Restated) -> None:
    copied = _description("acknowledged within two working days")
    segments = (("page 1", f"Intro line.\n{copied}\nOutro line."),)
    index = DocIndex.build(segments, "en", restated)
    assert len(index.segments[0][1]) == len(segments[0][1])
    assert index.segments[0][1].startswith("Intro line.\n") and index.segments[0][1].endswith("\nOutro line.")
    assert index.restated_spans and all(number == 0 for number, _s, _e in index.restated_spans)
