"""Term matching as criteria authors rely on it: accents, case, plurals, phrases, wildcards, nearness."""

from __future__ import annotations

import pytest
from servex.plugins.documents._match import SNIPPET_CHARS, DocIndex, parse_term

DOC = DocIndex.build(
    (
        ("page 1", "Notre politique de RECLAMATIONS est publiée en agence."),
        ("page 2", "Every complaint is logged. The complaint-handling team replies within 48 hours."),
        ("page 3", "Les plaintes sont traitées par le service qualité puis transmises au médiateur."),
    )
)


def _pages(term: str | list[str]) -> list[str]:
    return [DOC.locator(hit) for hit in DOC.find(parse_term(term))]


@pytest.mark.parametrize("term", ["réclamation", "Réclamations", "RÉCLAMATION", "reclamation"])
def test_accents_and_case_do_not_matter(term: str) -> None:
    assert _pages(term) == ["page 1"]


def test_accented_document_matches_plain_term() -> None:
    assert _pages("mediateur") == ["page 3"] and _pages("qualite") == ["page 3"]


def test_synonyms_and_plurals() -> None:
    assert _pages(["complaint", "plainte"]) == ["page 2", "page 2", "page 3"]
    assert _pages("complaints") == ["page 2", "page 2"]  # the plural term still finds the singular


def test_phrases_span_punctuation_but_keep_word_order() -> None:
    assert _pages("complaint handling") == ["page 2"]
    assert _pages("handling complaint") == []
    assert _pages("replies within 48 hours") == ["page 2"]


def test_wildcard_matches_any_ending() -> None:
    assert _pages("trait*") == ["page 3"]
    assert _pages("trait") == []


def test_near_counts_the_words_between() -> None:
    plaintes, mediateur = parse_term("plainte"), parse_term("médiateur")
    assert DOC.near(plaintes, mediateur, 8) is None  # 9 words apart
    pair = DOC.near(plaintes, mediateur, 9)
    assert pair is not None and DOC.locator(pair[0]) == "page 3"
    assert DOC.near(parse_term("complaint"), parse_term("médiateur"), 200) is None  # other page


def test_snippet_quotes_the_original_text_and_is_capped() -> None:
    hit = DOC.find(parse_term("reclamation"))[0]
    assert "RECLAMATIONS" in DOC.snippet(hit)
    long = DocIndex.build((("page 1", " ".join(["filler"] * 400) + " réclamation " + " ".join(["x"] * 400)),))
    snippet = long.snippet(long.find(parse_term("reclamation"))[0])
    assert "réclamation" in snippet and len(snippet) <= SNIPPET_CHARS + 2
    assert snippet.startswith("…") and snippet.endswith("…")
