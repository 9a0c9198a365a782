"""The `document` requirement: what matches, what is cited (file, page, snippet), and what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

MANIFEST: dict[str, Any] = {
    "files": [
        {"path": "policies", "tags": ["policy"], "owner": "Quality"},
        {"path": "policies/policy-en.pdf", "tags": ["complaints"], "approved": "2025-03-01"},
        {"path": "notes.md", "tags": ["minutes"]},
    ]
}


@pytest.fixture
def items(collect, evidence: Path) -> list[Any]:
    found, _ctx = collect(evidence, MANIFEST)
    return found


def _cited(outcome: Any, status: str = "match") -> dict[str, list[str]]:
    documents = outcome.details["documents"]
    return {d["file"]: [c["locator"] for c in d["citations"]] for d in documents if d["status"] == status}


def test_english_and_french_documents_cite_the_right_page(evaluate, items) -> None:
    outcome = evaluate(
        items, {"content": {"all": [["complaint", "réclamation"], ["ombudsman", "médiateur"]]}}
    )
    assert outcome.state == "satisfied"
    assert _cited(outcome) == {
        "policies/charte-fr.pdf": ["page 2", "page 2"],
        "policies/policy-en.pdf": ["page 2", "page 2"],
        "procedures/escalation.docx": ['paragraph 4 (under "Ombudsman")', 'paragraph 3 (under "Ombudsman")'],
    }
    assert _cited(outcome, "partial") == {
        "lisez-moi.txt": ["line 1"],
        "procedures/improvement-plan.xlsx": ['sheet "Plan", row 2'],
    }
    french = next(d for d in outcome.details["documents"] if d["file"] == "policies/charte-fr.pdf")
    assert "Toute réclamation écrite" in french["citations"][0]["snippet"]
    assert "policies/charte-fr.pdf (page 2)" in outcome.message["en"]
    assert "3 document(s) correspondant(s)" in outcome.message["fr"]
    assert len(outcome.evidence_ids) == 3  # the partial matches are listed but not cited as support


def test_capitals_without_accents_find_the_accented_word(evaluate, items) -> None:
    outcome = evaluate(items, {"content": {"any": ["RECLAMATION"]}})
    assert outcome.state == "satisfied"
    assert _cited(outcome) == {"lisez-moi.txt": ["line 1"], "policies/charte-fr.pdf": ["page 2"]}


def test_near(evaluate, items) -> None:
    wide = evaluate(items, {"content": {"near": {"terms": ["complaint", "ombudsman"], "within": 5}}})
    assert set(_cited(wide)) == {"policies/policy-en.pdf", "procedures/escalation.docx"}
    tight = evaluate(items, {"content": {"near": {"terms": ["complaint", "ombudsman"], "within": 3}}})
    assert tight.state == "satisfied"
    matched = [d for d in tight.details["documents"] if d["status"] == "match"]
    assert [d["file"] for d in matched] == ["policies/policy-en.pdf"]
    assert "unresolved complaint to the ombudsman" in matched[0]["citations"][0]["snippet"]


def test_some_terms_found_is_partial_and_names_what_is_missing(evaluate, items) -> None:
    outcome = evaluate(items, {"content": {"all": ["complaint", "mystery shopping"]}})
    assert outcome.state == "partial"
    assert "lacks mystery shopping" in outcome.message["en"]
    assert all(
        d["missing"] == [{"en": "mystery shopping", "fr": "mystery shopping"}]
        for d in outcome.details["documents"]
    )
    assert "mystery shopping" in outcome.gap["en"]


def test_nothing_found_says_what_was_looked_for(evaluate, items) -> None:
    outcome = evaluate(items, {"content": {"any": ["net promoter", "NPS"]}})
    assert outcome.state == "unsatisfied" and outcome.evidence_ids == ()
    assert (
        outcome.message["en"]
        == "No document mentioning one of net promoter; NPS among the 8 documents searched."
    )
    assert outcome.message["fr"].startswith("Aucun document mentionnant l'un de net promoter; NPS")


def test_tags_from_manifest_folders_and_files(evaluate, items) -> None:
    both = evaluate(items, {"tags": ["policy", "complaints"]})
    assert both.state == "satisfied"
    assert [(d["file"], d["status"]) for d in both.details["documents"]] == [
        ("policies/policy-en.pdf", "match"),
        ("policies/charte-fr.pdf", "partial"),  # folder tag only
    ]
    assert evaluate(items, {"tags": ["Policy"], "min_count": 2}).state == "satisfied"


def test_min_count(evaluate, items) -> None:
    outcome = evaluate(items, {"tags": ["policy"], "min_count": 3})
    assert outcome.state == "partial" and outcome.details["matching"] == 2
    assert outcome.message["en"].startswith("Only 2 of the 3 documents required match")


def test_max_age_uses_the_approval_date_before_the_file_date(evaluate, items) -> None:
    outcome = evaluate(items, {"tags": ["policy"], "max_age_days": 365})
    states = {d["file"]: (d["status"], d["date_source"], d["age_days"]) for d in outcome.details["documents"]}
    assert states == {
        "policies/policy-en.pdf": ("match", "approved", 305),  # approved 2025-03-01, period ends 2025-12-31
        "policies/charte-fr.pdf": ("too_old", "modified", 1081),  # the PDF's own date, 2023-01-15
    }
    assert outcome.state == "satisfied"
    old = evaluate(items, {"tags": ["policy"], "max_age_days": 365, "min_count": 2})
    assert old.state == "partial" and old.details["reference_date"] == "2025-12-31"
    assert old.message["en"] == (
        "Only 1 of the 2 documents required match: policies/policy-en.pdf. "
        "Older than 365 days at the period end: policies/charte-fr.pdf (1081 days)."
    )
    assert evaluate(items, {"tags": ["policy"], "max_age_days": 30}).state == "partial"


def test_undated_document_cannot_prove_its_age(evaluate, items) -> None:
    outcome = evaluate(items, {"tags": ["minutes"], "max_age_days": 90})
    assert outcome.state == "partial" and outcome.details["documents"][0]["status"] == "undated"
    assert "approved" in outcome.message["en"] and "servex.yaml" in outcome.message["fr"]


def test_tags_and_content_versus_tags_or_content(evaluate, items) -> None:
    params: dict[str, Any] = {"tags": ["policy"], "content": {"any": [["ombudsman", "médiateur"]]}}
    either = evaluate(items, params)
    assert {d["file"] for d in either.details["documents"] if d["status"] == "match"} == {
        "policies/policy-en.pdf",
        "policies/charte-fr.pdf",
        "procedures/escalation.docx",
    }
    both = evaluate(items, {**params, "match": "tags_and_content", "content": {"any": ["ombudsman"]}})
    assert [d["file"] for d in both.details["documents"] if d["status"] == "match"] == [
        "policies/policy-en.pdf"
    ]


def test_tags_any_accepts_one_of_several_names_for_a_document(evaluate, items) -> None:
    """Organisations name a kind of document differently: `tags_any` takes any of them; `tags` needs all."""
    either = evaluate(items, {"tags_any": ["minutes", "management-review"]})
    assert either.state == "satisfied" and set(_cited(either)) == {"notes.md"}
    both = evaluate(items, {"tags": ["minutes", "management-review"]})
    assert both.state == "partial"
    policy = evaluate(items, {"tags": ["policy"], "tags_any": ["complaints", "charter"]})
    assert set(_cited(policy)) == {"policies/policy-en.pdf"}
    none = evaluate(items, {"tags_any": ["annual-report", "strategy"]})
    assert none.state == "unsatisfied" and "annual-report" in none.message["en"]


def test_match_content_lets_the_subject_decide(evaluate, items) -> None:
    """A tag names a kind of document (a policy); the criterion needs a subject in it (the ombudsman)."""
    params: dict[str, Any] = {"tags": ["policy"], "content": {"any": ["ombudsman"]}, "match": "content"}
    outcome = evaluate(items, params)
    statuses = {d["file"]: d["status"] for d in outcome.details["documents"]}
    assert statuses["policies/policy-en.pdf"] == "match"
    assert statuses["procedures/escalation.docx"] == "match"  # untagged, but says it: a bare folder works
    assert statuses["policies/charte-fr.pdf"] == "partial"  # tagged policy, about something else
    silent = evaluate(items, {**params, "content": {"any": ["arbitration panel"]}})
    assert silent.state == "partial" and "arbitration panel" in (silent.gap or {}).get("en", "")
    assert "tagged" not in silent.gap["en"]
