"""A finding's evidence references: one per file, sampled case records as the lines of their export.

Observed: a finding resting on sampled case records listed each record on its own line, titled by the
collector in English with raw ids ("Case R00191 traced for PYR-L2-01 (ack_traced)") in the French and
German reports too, and the same file and digest twenty times.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from prose_scan import html_text
from report_support import EPOCH
from servex.plugins.reports._evidence_view import lines_of_one_file
from servex.plugins.reports._html import render_html

LINES = {"en": "lines", "fr": "lignes", "de": "Zeilen"}


def _findings(result: dict[str, Any], lang: str, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The list items of each finding block of the HTML report, as a reader sees them."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, findings = html_text(render_html(result, lang))
    return findings


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_case_records_of_one_export_are_one_reference_listing_its_lines(
    lang: str, telecom: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = _findings(telecom, lang, monkeypatch)
    cited = [line for block in findings for line in block if "_traced.csv" in line or "traced for" in line]
    assert cited, "the telecom sample cites sampled case records"
    for line in cited:
        assert "traced for" not in line and not re.search(r"\bR\d{5}\b", line), line
        numbers = re.search(rf"\({LINES[lang]} ([\d, ]+)\)", line)
        assert numbers, line
        values = [int(n) for n in numbers.group(1).split(", ")]
        assert values == sorted(set(values)) and len(values) >= 2, line
    for block in findings:  # one reference per export within a finding
        files = [m for line in block for m in re.findall(r"cases/[\w.-]+\.csv", line)]
        assert len(files) == len(set(files)), block


def test_a_file_cited_once_or_by_other_locators_keeps_its_references() -> None:
    refs = [
        {"source": "a.csv", "sha": "1", "title": "Case 1", "locator": "line 3"},
        {"source": "b.md", "sha": "2", "title": "Policy", "locator": 'line 4 (under "Scope")'},
        {"source": "b.md", "sha": "2", "title": "Policy", "locator": "line 9"},
        {"source": "c.xlsx", "sha": "3", "title": "Plan", "locator": 'sheet "P", row 2'},
        {"source": "d.csv", "sha": "4", "title": "Case 7", "locator": "line 12"},
        {"source": "d.csv", "sha": "4", "title": "Case 5", "locator": "line 2"},
    ]
    out = lines_of_one_file(refs, "fr")
    assert [(r["source"], r["title"], r["locator"]) for r in out] == [
        ("a.csv", "Case 1", "ligne 3"),
        ("b.md", "Policy", "ligne 4 (sous « Scope »)"),
        ("b.md", "Policy", "ligne 9"),  # with a located passage beside it: kept apart
        ("c.xlsx", "Plan", "feuille « P », ligne 2"),
        ("d.csv", "", "lignes 2, 12"),
    ]


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_collector_titles_in_english_are_not_shown_beside_their_file(
    lang: str, telecom: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = _findings(telecom, lang, monkeypatch)
    lines = [line for block in findings for line in block]
    assert any("data/tickets.csv" in line for line in lines) and any("answers/staff.yaml" in line for line in lines)
    for words in ("tickets export", "Questionnaire answers", "respondents)"):
        assert not [line for line in lines if words in line], words


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_line_cited_by_two_requirements_is_quoted_once(
    lang: str, telecom: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = _findings(telecom, lang, monkeypatch)
    located = re.compile(r"^([\w./-]+\.\w+, (?:line|ligne) \d+)")
    for block in findings:
        quoted = [m.group(1) for line in block if (m := located.match(line))]
        assert len(quoted) == len(set(quoted)), quoted
