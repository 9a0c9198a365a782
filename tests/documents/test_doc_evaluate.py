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


def test_tags_alone_never_satisfy(evaluate, items) -> None:
    """A tag says where to look; it proves nothing. Tagged documents are listed, the requirement is unmet."""
    tagged = evaluate(items, {"tags": ["policy", "complaints"]})
    assert tagged.state == "unsatisfied" and tagged.evidence_ids == ()
    assert [(d["file"], d["status"]) for d in tagged.details["documents"]] == [
        ("policies/policy-en.pdf", "tagged_only"),
        ("policies/charte-fr.pdf", "tagged_only"),  # folder tag only
    ]
    assert "tagged for it but states none of it" in tagged.message["en"]


COMPLAINT = {"content": {"any": [["complaint", "réclamation"]]}}


def test_min_count(evaluate, items) -> None:
    found = evaluate(items, {**COMPLAINT, "tags": ["policy"]}).details["matching"]
    outcome = evaluate(items, {**COMPLAINT, "tags": ["policy"], "min_count": found + 1})
    assert outcome.state == "partial" and outcome.details["matching"] == found
    assert outcome.message["en"].startswith(f"Only {found} of the {found + 1} documents required match")
    # tagged documents are listed first among those that match
    assert outcome.details["documents"][0]["tags_matched"]


def test_max_age_uses_the_approval_date_before_the_file_date(evaluate, items) -> None:
    params = {"content": {"all": ["complaint", "ombudsman"]}, "max_age_days": 365}
    outcome = evaluate(items, params)
    states = {d["file"]: (d["status"], d["date_source"], d["age_days"]) for d in outcome.details["documents"]}
    assert states["policies/policy-en.pdf"] == ("match", "approved", 305)  # approved 2025-03-01
    assert outcome.state == "satisfied"
    french = evaluate(items, {"content": {"all": ["réclamation", "médiateur"]}, "max_age_days": 365})
    states = {d["file"]: (d["status"], d["date_source"], d["age_days"]) for d in french.details["documents"]}
    assert states["policies/charte-fr.pdf"] == ("too_old", "modified", 1081)  # the PDF's own date, 2023-01-15
    assert french.state == "partial" and french.details["reference_date"] == "2025-12-31"
    assert "Older than 365 days at the period end: policies/charte-fr.pdf (page 2) (1081 days)." in french.message["en"]


def test_undated_document_cannot_prove_its_age(evaluate, items) -> None:
    words = next(d for d in items if d.provenance.source == "notes.md").payload[0][1].split()[:1]
    outcome = evaluate(items, {"content": {"any": words}, "tags": ["minutes"], "max_age_days": 90})
    notes = next(d for d in outcome.details["documents"] if d["file"] == "notes.md")
    assert notes["status"] == "undated"
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


def test_tags_and_content_needs_both(evaluate, items) -> None:
    """`match: tags_and_content` also needs the tag; `tags_any` names one kind of document several ways."""
    params: dict[str, Any] = {"tags_any": ["charter", "complaints"], "content": {"any": ["ombudsman"]}}
    assert set(_cited(evaluate(items, {**params, "match": "tags_and_content"}))) == {"policies/policy-en.pdf"}
    none = evaluate(items, {**params, "tags_any": ["annual-report", "strategy"], "match": "tags_and_content"})
    assert none.state == "partial" and "annual-report" in none.gap["en"]


def test_match_content_lets_the_subject_decide(evaluate, items) -> None:
    """A tag names a kind of document (a policy); the criterion needs a subject in it (the ombudsman)."""
    params: dict[str, Any] = {"tags": ["policy"], "content": {"any": ["ombudsman"]}, "match": "content"}
    outcome = evaluate(items, params)
    statuses = {d["file"]: d["status"] for d in outcome.details["documents"]}
    assert statuses["policies/policy-en.pdf"] == "match"
    assert statuses["procedures/escalation.docx"] == "match"  # untagged, but says it: a bare folder works
    assert statuses["policies/charte-fr.pdf"] == "tagged_only"  # tagged policy, about something else
    silent = evaluate(items, {**params, "content": {"any": ["arbitration panel"]}})
    assert silent.state == "unsatisfied" and "arbitration panel" in (silent.gap or {}).get("en", "")
    assert "tagged" not in silent.gap["en"]
