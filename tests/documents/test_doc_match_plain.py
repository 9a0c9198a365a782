"""The quick ways matching answers its questions give the answers of the plain definitions.

A cold run of 300 PDFs spends most of its matching time asking, for each requirement, where a term
first occurs in each section, on which pages it occurs, and where two terms are near each other; the
index answers by bisection and by folding whole pages at once. An assessor relies on the findings being
the same as the plain reading of the rules: these tests compare both on random documents.
"""

from __future__ import annotations

import random
import re
import unicodedata
from bisect import bisect_left
from operator import attrgetter
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
from servex.plugins.documents._claims import CLAIMS, find_claim
from servex.plugins.documents._hits import MASK, SHIFT, merge_hits
from servex.plugins.documents._match import DocIndex, Hit, Term, parse_term
from servex.plugins.documents._passages import _near_pairs
from servex.plugins.documents._terms import WORD, fold, fold_words

_VOCABULARY = [
    "complaint",
    "complaints",
    "réclamation",
    "réclamations",
    "plainte",
    "owner",
    "manager",
    "policy",
    "review",
    "revue",
    "décision",
    "decided",
    "every",
    "month",
    "mensuel",
    "the",
    "of",
    "and",
    "client",
    "clients",
    "service",
    "services",
    "handling",
    "handled",
    "ŒUVRE",
    "Straße",
]


def _plain_fold(text: str) -> str:
    text = text.translate(str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_pages_fold_at_once_into_the_words_folded_one_by_one() -> None:
    pick = random.Random(5)
    alphabet = [chr(c) for c in range(0x20, 0x250)] + list("’–…“”€œŒﬁİ½\u0301\u0327 \n")
    for _ in range(3000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randrange(0, 40)))
        folded, words, same = fold_words(text)
        assert folded == _plain_fold(text), repr(text)
        assert words == [_plain_fold(w) for w in WORD.findall(text)], repr(text)
        if same:
            assert words == WORD.findall(folded), repr(text)
    assert fold_words("Cafe\u0301 de\u0301cision") == ("cafe decision", ["cafe", "de", "cision"], False)


def _literal_starts(items: object, bounded: bool = False) -> tuple[set[str], bool] | None:
    """The literal text every match of the parsed pattern begins with (all alternatives), and whether the
    items are literal to the end; None when a match can begin other than at a word boundary followed
    by a literal."""
    starts, seen = {""}, False
    for op, av in items:  # type: ignore[attr-defined]
        if op is sre.AT and starts == {""}:
            bounded = bounded or av is sre.AT_BOUNDARY
            continue
        if op is sre.LITERAL:
            if not bounded:
                return None
            starts, seen = {s + chr(av) for s in starts}, True
            continue
        if op is sre.SUBPATTERN:
            alternatives = [_literal_starts(av[3], bounded)]
        elif op is sre.BRANCH:
            alternatives = [_literal_starts(alt, bounded) for alt in av[1]]
        else:
            return (starts, False) if seen else None
        if any(a is None for a in alternatives):
            return (starts, False) if seen else None
        starts = {s + tail for s in starts for a in alternatives if a for tail in a[0]}
        seen = True
        if not all(a and a[1] for a in alternatives):
            return starts, False
    return starts, True


@pytest.mark.parametrize("cid", [cid for cid, claim in CLAIMS.items() if claim.leads])
def test_claim_leads_cover_every_way_the_pattern_begins(cid: str) -> None:
    claim = CLAIMS[cid]
    found = _literal_starts(sre_parse.parse(claim.source))
    assert found is not None, "every alternative must begin at a word boundary with a literal"
    firsts = {re.match(r"\w+", start).group() for start in found[0]}  # type: ignore[union-attr]
    assert firsts and all(any(first.startswith(lead) for lead in claim.leads) for first in firsts)


def _document(pick: random.Random) -> DocIndex:
    segments = []
    for number in range(pick.randrange(1, 9)):
        words = pick.choices(_VOCABULARY, k=pick.randrange(0, 60))
        heading = pick.choice(["", ' (under "Policy")', ' (under "Review")'])
        segments.append((f"paragraph {number + 1}{heading}", " ".join(words) or "x"))
    if pick.random() < 0.3:
        segments.insert(0, ("paragraph 0", "Policy"))
        segments[1] = (segments[1][0].replace(' (under "Review")', "") + ' (under "Policy")', segments[1][1])
    return DocIndex.build(tuple(segments), pick.choice(["en", "fr"]))


def _term(pick: random.Random) -> Term:
    spellings = [
        " ".join(pick.choices(_VOCABULARY, k=pick.choice([1, 1, 1, 2, 3]))) for _ in range(pick.randrange(1, 4))
    ]
    if pick.random() < 0.1:
        spellings.append("réclam*")
    return parse_term(spellings)


def _plain_near(index: DocIndex, first: Term, second: Term, within: int) -> dict[int, tuple[Hit, Hit]]:
    """Each section's first pair, visiting every hit of the first term in reading order."""
    pairs: dict[int, tuple[Hit, Hit]] = {}
    seconds: dict[int, list[Hit]] = {}
    for hit in index.find(second):
        seconds.setdefault(hit.segment, []).append(hit)
    longest = max(len(p) for p in second.phrases)
    for a in index.find(first):
        where = index.section_of[a.segment]
        inside = seconds.get(a.segment)
        if where in pairs or not inside:
            continue
        for b in inside[bisect_left(inside, a.start - within - longest, key=attrgetter("start")) :]:
            if b.start - a.end > within:
                break
            if a.start - b.end <= within:
                pairs[where] = (a, b)
                break
    return pairs


def test_section_questions_answer_as_visiting_every_hit() -> None:
    pick = random.Random(11)
    for _ in range(300):
        index = _document(pick)
        for _ in range(6):
            term, other = _term(pick), _term(pick)
            hits = index.find(term)
            assert hits == sorted(set(hits))  # reading order, no repeats
            by_section: dict[int, Hit] = {}
            for hit in hits:
                by_section.setdefault(index.section_of[hit.segment], hit)
            assert index.first_by_section(term) == by_section
            assert index.locators(term) == frozenset(index.locator(hit) for hit in hits)
            assert index.first(term) == (hits[0] if hits else None)
            title = [hit for hit in hits if hit.segment == index.title_segment]
            assert index.in_title(term) == (title[0] if title else None)
            within = pick.randrange(0, 12)
            assert _near_pairs(index, term, other, within) == _plain_near(index, term, other, within)


def _plain_hits(index: DocIndex, term: Term) -> list[Hit]:
    """Where each spelling's words stand at consecutive places of one segment (each word found as the
    index finds one word: as written, a plural, its stem, a prefix), visiting every place of its first word."""
    found: set[tuple[int, int]] = set()
    for phrase in term.phrases:
        places = [set(index._starts(word)) for word in phrase]
        for place in places[0]:
            if all(place + k in places[k] for k in range(1, len(phrase))):
                found.add((place, len(phrase)))
    return [Hit(place >> SHIFT, place & MASK, (place & MASK) + size) for place, size in sorted(found)]


def test_a_terms_hits_are_its_spellings_found_word_by_word() -> None:
    pick = random.Random(17)
    for _ in range(300):
        index = _document(pick)
        for _ in range(8):
            term = _term(pick)
            if pick.random() < 0.3:  # many spellings, one word and longer, some the same
                term = parse_term([" ".join(p) for p in term.phrases] + [w for w in pick.sample(_VOCABULARY, 6)])
            assert index.find(term) == _plain_hits(index, term), term


def test_hits_of_one_word_and_longer_spellings_merge_in_reading_order() -> None:
    pick = random.Random(23)
    for _ in range(2000):
        single = sorted(pick.sample(range(400), pick.randrange(0, 60)))
        longer = {(pick.randrange(400), pick.randrange(2, 5)) for _ in range(pick.choice([0, 1, 3, 20, 100]))}
        merged = merge_hits(single, longer)
        ordered = sorted({(p, 1) for p in single} | longer)
        assert list(zip(merged.starts, merged.sizes or [1] * len(merged.starts), strict=True)) == ordered


def test_claims_found_with_a_vocabulary_are_the_claims_the_pattern_finds() -> None:
    pick = random.Random(3)
    extra = [
        "owners",
        "ownership",
        "leadership",
        "directrice",
        "responsabilité",
        "decides",
        "décidé",
        "actions",
        "chaque",
        "une",
        "fois",
        "par",
    ]
    for _ in range(400):
        text = fold(" ".join(pick.choices(_VOCABULARY + extra, k=pick.randrange(0, 30))))
        vocabulary = sorted(set(WORD.findall(text)))
        for claim in CLAIMS.values():
            found = claim.pattern.search(text)
            assert find_claim(claim, text, vocabulary) == (found.span() if found else None), (claim.id, text)
