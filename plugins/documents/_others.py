"""What other organisations do (a competitor review, an industry benchmark) is not the organisation's practice.

What was observed: a "Competitor review" ("BikeHub: every complaint is logged in a register and
acknowledged within 2 days; customers are surveyed after each repair and the results are reviewed by
management monthly", "Spokes & Co: phone and chat open from 8:00 to 20:00 every day"), alone in a
folder, lifted four requirements of the pyramid set, the feedback procedure and the customer
information to satisfied; "Industry benchmarks 2025" ("Most firms review customer feedback at a monthly
management meeting and publish a service charter") lifted three, one to satisfied. Each describes how
others work; an assessor reads it as market context, not as what the organisation does.

Blanked before matching, like advice to organisations in general (see :mod:`._advice`):

- in a document whose title, or a section whose heading, says it is about others ("Competitor review",
  "Competitive analysis", "Industry benchmarks", "Benchmarking", "Market review", "Analyse
  concurrentielle", "Veille concurrentielle", "Parangonnage", "Wettbewerbsanalyse", "Marktanalyse",
  "Branchenvergleich"), every sentence that does not speak of the organisation itself ("we", "our",
  "nous", "notre", "wir", "unser");
- anywhere, a sentence whose subject is other organisations in general or the sector ("Most firms review
  ...", "Other retailers offer ...", "Competitors answer within an hour", "Across the sector, 95 % of
  complaints were acknowledged", "The industry average is 82 %", "la plupart des entreprises", "die
  meisten Unternehmen"), unless it speaks of the organisation too.

Kept: "Our CSAT was 88 % against a sector average of 82 %", "leading companies answer within 24 hours,
and so do we" (a benchmark the organisation meets), the organisation's own units ("most hotels of the
group", "all branches"), which are not other organisations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from servex.plugins.documents._advice import OWN
from servex.plugins.documents._prospects import LEADING, sentence_spans

__all__ = ["ANCHOR_WORDS", "is_others_heading", "others_spans"]

_HEADING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:an?\s+|the\s+)?(?:(?:industry|sector|market|competitor|competitive)\s+)?"
    r"(?:competitor\s+(?:review|analysis|comparison|benchmark|landscape|scan)s?|competitors|"
    r"competitive\s+(?:analysis|landscape|review)|(?:industry\s+|sector\s+)?benchmark(?:s|ing)?|"
    r"market\s+(?:review|analysis|scan|study)|analyse\s+(?:concurrentielle|de\s+la\s+concurrence)|"
    r"veille\s+concurrentielle|parangonnage|[ée]tude\s+de\s+march[ée]|wettbewerbs?(?:analyse|vergleich)|"
    r"wettbewerber|konkurrenzanalyse|marktanalyse|branchenvergleich)\b",
    re.IGNORECASE,
)
_ORGANISATIONS = (
    r"(?:organi[sz]ations|businesses|companies|firms|(?:service\s+)?providers|retailers|operators|brands|"
    r"competitors|rivals|entreprises|soci[ée]t[ée]s|enseignes|concurrents|unternehmen|firmen|anbieter|"
    r"wettbewerber|konkurrenten)"
)
_DESCRIBED = re.compile(
    rf"^(?:in\s+)?(?:(?:most|many|some|other|all|the\s+other|several|rival|competing)\s+{_ORGANISATIONS}\b|"
    rf"(?:our\s+)?(?:competitors|rivals)\b|"
    r"(?:across|throughout|in)\s+the\s+(?:sector|industry|market)\b|"
    r"(?:the\s+)?(?:industry|sector|market)\s+(?:average|median|norm|benchmark)\b|"
    rf"(?:la\s+plupart\s+des|de\s+nombreuses|de\s+nombreux|les\s+autres|plusieurs)\s+{_ORGANISATIONS}\b|"
    r"(?:nos\s+)?concurrents\b|dans\s+(?:le|tout\s+le)\s+secteur\b|"
    rf"(?:die\s+meisten|viele|andere|einige|alle\s+anderen)\s+{_ORGANISATIONS}\b|"
    r"(?:unsere\s+)?(?:wettbewerber|konkurrenten)\b|in\s+der\s+branche\b|branchenweit\b)",
    re.IGNORECASE,
)
_THEIRS = re.compile(r"\b(?:our|nos|unsere)\s+(?:competitors|rivals|concurrents|wettbewerber|konkurrenten)\b", re.I)

#: folded words (see `_terms.fold_words`) without which no sentence describes other organisations
ANCHOR_WORDS = frozenset({
    "most", "many", "some", "other", "all", "several", "rival", "competing", "competitors", "rivals", "across",
    "throughout", "sector", "industry", "market", "plupart", "nombreuses", "nombreux", "autres", "plusieurs",
    "concurrents", "secteur", "meisten", "viele", "andere", "einige", "anderen", "wettbewerber", "konkurrenten",
    "branche", "branchenweit",
})  # fmt: skip


def is_others_heading(heading: str) -> bool:
    """Whether a heading (or a document's title) says that what is under it describes other organisations."""
    return _HEADING.search(heading.strip()) is not None


def _speaks_of_itself(sentence: str) -> bool:
    return OWN.search(_THEIRS.sub(" ", sentence)) is not None  # "our competitors" names others


_FULL_STOP = re.compile(r"[.!?](?=\s|$)|\n")


def _spans(text: str, every: bool) -> list[tuple[int, int]]:
    """The sentences of `text` about other organisations: with `every`, each one that does not speak of the
    organisation itself (up to its full stop: "Other retailers charge for delivery; we do not"); else only
    those whose subject is others in general or the sector."""
    out = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].lstrip(LEADING)
        lead = end - start - len(sentence)
        stop = _FULL_STOP.search(text, max(start, end - 1))
        if not sentence.strip() or _speaks_of_itself(text[start : stop.end() if stop else len(text)]):
            continue
        if every or _DESCRIBED.match(sentence):
            out.append((start + lead, end))
    return out


def others_spans(
    texts: Sequence[str], words: Sequence[Iterable[str]], headings: Sequence[str | None]
) -> list[list[tuple[int, int]]]:
    """Per segment of a document (its texts, folded words and the heading each is under), the (start, end)
    of each sentence that describes other organisations rather than the organisation (see the module)."""
    title = next((line.strip() for text in texts[:3] for line in text.splitlines() if line.strip()), "")
    whole = len(title) <= 120 and is_others_heading(title.lstrip("#").strip())
    out: list[list[tuple[int, int]]] = []
    for number, (text, folded) in enumerate(zip(texts, words, strict=True)):
        heading = headings[number]
        if heading is not None and text.strip().lstrip("#").strip()[:60] == heading:
            out.append([])  # the heading line itself names the section; it states nothing
        elif whole or (heading is not None and is_others_heading(heading)):
            out.append(_spans(text, every=True))
        elif ANCHOR_WORDS.isdisjoint(folded):
            out.append([])
        else:
            out.append(_spans(text, every=False))
    return out
