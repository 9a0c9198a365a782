"""Passages that restate the criteria set's own wording are not evidence: they are blanked before matching.

Why: the requirement descriptions, guidance, rubric examples and titles of a set are servex's words, and
anyone can print them (`servex criteria show`). Pasted into a "policy", they name every subject and
often the very claims a requirement asks for ("names its owner", "8:00-20:00"). A document made of the
shipped pyramid set's own text, in an otherwise empty folder, lifted 43 criteria to "partially met" and
met one: the grade followed the requirement's wording, not anything the organisation does. Restating a
requirement says nothing about the practice.

What counts as restated, in folded words (case and accents ignored, as matching does):
- a run of at least :data:`RUN` consecutive words that occurs in any text of the set (a genuine policy
  shares a phrase of a few words with the criteria, such as "within two working days", never nine in a
  row unless it was copied);
- criteria titles listed together: two or more on one line, each standing on its own between commas,
  semicolons or cells ("To improve: Journeys mapped with emotions; Experience measured per journey"), as
  a report's action plan or a checklist names them. A heading that happens to be a title ("Accurate
  bills") and the same words inside a sentence of the document's own are kept: a report organised by
  the criteria is still evidence of what it states under them.

Blanked characters become spaces, so every locator and word position stays where it was. The detector
is built once per run from the set and reaches the extraction workers with the requirements; its
:attr:`Restated.digest` keys the match cache, so a change of wording in the set re-matches.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

from servex.plugins.documents._terms import WORD, fold_words

__all__ = ["RUN", "Restated", "blank", "blank_segments"]

RUN = 9  #: consecutive words shared with the set's text that make a passage a restatement
_PROBE = 5  #: a run of RUN words holds a PROBE-gram starting at a multiple of STEP: cheap to look for
_STEP = RUN - _PROBE + 1
_VERSION = "1"  #: bump when what counts as restated changes: the digest keys the match cache
_TITLE_MIN = 2  #: words a title needs to be looked for on its own (one word is a common term)
#: what may stand between a title and the end of its line, item or list: space, punctuation, markup
_EDGE = re.compile(r"[\s*_`#>|:;,.\-–—•·()\[\]\"'«»“”]*")


def _strings(text: Any) -> Iterator[str]:
    """The strings of a localised text ({"en": ..., "fr": ...}) or a plain one."""
    if isinstance(text, str):
        yield text
    elif isinstance(text, Mapping):
        yield from (t for t in text.values() if isinstance(t, str))


def _texts(criterion: Any) -> Iterator[str]:
    """The wording of a criterion that says what is required: title, statement, guidance, recommendation,
    each requirement's description and what each grade looks like. Left out: the rubric's examples of
    accepted and rejected evidence and the survey questions, which are worded as evidence itself is (a
    survey report quotes its question; a policy may say, as an example does, that advisers grant up to
    50 EUR)."""
    for name in ("title", "statement", "guidance", "recommendation"):
        yield from _strings(getattr(criterion, name, None))
    for requirement in getattr(criterion, "evidence", ()) or ():
        yield from _strings(getattr(requirement, "description", None))
    rubric = getattr(criterion, "rubric", None)
    for text in (getattr(rubric, "values", None) or {}).values():
        yield from _strings(text)


def _titles(criteria: Sequence[Any]) -> Iterator[tuple[str, str]]:
    """(criterion id, title) in every language."""
    for criterion in criteria:
        for title in _strings(getattr(criterion, "title", None)):
            yield str(getattr(criterion, "id", "")), title


class Restated:
    """Finds and blanks the passages of a document that restate the criteria set's own text."""

    def __init__(self, criteria_set: Any) -> None:
        criteria = list(getattr(criteria_set, "criteria", ()) or ())
        texts = sorted({t for c in criteria for t in _texts(c)})
        self._texts = texts
        #: a title's folded words -> the criterion it names (titles of one word are common terms)
        self.title_ids: dict[tuple[str, ...], str] = {}
        for cid, title in _titles(criteria):
            folded = tuple(fold_words(title)[1])
            if len(folded) >= _TITLE_MIN:
                self.title_ids[folded] = cid
        titles = sorted(self.title_ids)
        self.title_set = frozenset(titles)
        self.titles: dict[str, list[tuple[str, ...]]] = {}
        for title_words in titles:
            self.titles.setdefault(title_words[0], []).append(title_words)
        self.firsts = frozenset(self.titles)
        digest = hashlib.sha256(_VERSION.encode() + b"\0")
        for text in texts:
            digest.update(text.encode() + b"\0")
        digest.update(b"\1" + "\n".join(" ".join(t) for t in titles).encode())
        self.digest = digest.hexdigest()[:16]

    @cached_property
    def _grams(self) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
        """Every run of RUN words of the set's wording, and the PROBE-grams inside them. Made on first use:
        a warm run, whose documents' passages are in the match store, never needs them (a few hundredths
        of a second per run)."""
        runs: set[tuple[str, ...]] = set()
        probes: set[tuple[str, ...]] = set()
        for text in self._texts:
            words = fold_words(text)[1]
            for start in range(len(words) - RUN + 1):
                run = tuple(words[start : start + RUN])
                runs.add(run)
                for offset in range(RUN - _PROBE + 1):
                    probes.add(run[offset : offset + _PROBE])
        return runs, probes

    @property
    def runs(self) -> set[tuple[str, ...]]:
        return self._grams[0]

    @property
    def probes(self) -> set[tuple[str, ...]]:
        return self._grams[1]

    @property
    def empty(self) -> bool:
        """A set with no wording to look for (none given, or no criteria)."""
        return not self._texts and not self.title_set

    def named(self, words: list[str], present: set[str] | None = None) -> set[str]:
        """The criteria whose title these words contain, anywhere (to tell a list of the criteria);
        `present`: `set(words)`, when the caller has it."""
        found: set[str] = set()
        for title in self._candidates(set(words) if present is None else present):
            size = len(title)
            if any(words[at : at + size] == list(title) for at, word in enumerate(words) if word == title[0]):
                found.add(self.title_ids[title])
        return found

    def _candidates(self, present: set[str]) -> list[tuple[str, ...]]:
        """Titles all of whose words occur in `present` (set operations in C: most pages have none)."""
        return [t for first in self.firsts.intersection(present) for t in self.titles[first] if present.issuperset(t)]

    def is_title(self, words: Sequence[str]) -> bool:
        """Whether these folded words are exactly a criterion's title (a line that says nothing else)."""
        return 0 < len(words) <= 16 and tuple(words) in self.title_set

    def spans(
        self, text: str, words: list[str] | None = None, present: set[str] | None = None
    ) -> list[tuple[int, int]]:
        """Character spans of `text` that restate the set (sorted, not overlapping); `words`: its folded
        words, and `present` their set, when the caller has them (see :func:`._terms.fold_words`)."""
        if words is None:
            words = fold_words(text)[1]
        marked = self._runs(words) | self._standing_titles(text, words, set(words) if present is None else present)
        if not marked:
            return []
        places = [m.span() for m in WORD.finditer(text)]
        if len(places) != len(words):  # a character moved a word boundary as it folded: leave the text be
            return []
        out: list[tuple[int, int]] = []
        for number in sorted(marked):
            start, end = places[number]
            if out and number - 1 in marked and out[-1][1] == places[number - 1][1]:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out

    def _runs(self, words: list[str]) -> set[int]:
        # the probes at every STEP-th word, made and looked up in C: most pages share none with the set
        grams = zip(*(words[offset::_STEP] for offset in range(_PROBE)), strict=False)
        if self.probes.isdisjoint(grams):
            return set()
        marked: set[int] = set()
        probes, runs = self.probes, self.runs
        last = len(words) - RUN
        for probe in range(0, len(words) - _PROBE + 1, _STEP):
            if tuple(words[probe : probe + _PROBE]) not in probes:
                continue
            for start in range(max(0, probe - (RUN - _PROBE)), min(probe, last) + 1):
                if tuple(words[start : start + RUN]) in runs:
                    marked.update(range(start, start + RUN))
        return marked

    def _standing_titles(self, text: str, words: list[str], present: set[str]) -> set[int]:
        """Words of criterion titles listed on one line, two or more of them, each standing on its own."""
        if len(self._candidates(present)) < 2:
            return set()  # fewer than two titles' words on the page at all: no list of titles
        places: list[tuple[int, int]] | None = None
        by_line: dict[int, dict[tuple[str, ...], range]] = {}
        for number, word in enumerate(words):
            for title in self.titles.get(word, ()):
                end = number + len(title)
                if tuple(words[number:end]) != title:
                    continue
                if places is None:
                    places = [m.span() for m in WORD.finditer(text)]
                    if len(places) != len(words):
                        return set()
                start_char, end_char = places[number][0], places[end - 1][1]
                if _alone(text, start_char, end_char):
                    line = text.count("\n", 0, start_char)
                    by_line.setdefault(line, {}).setdefault(title, range(number, end))
        return {n for found in by_line.values() if len(found) >= 2 for where in found.values() for n in where}

    def mask(self, text: str) -> tuple[str, int]:
        """`text` with its restated passages blanked, and how many passages there were."""
        found = self.spans(text)
        return blank(text, found), len(found)

    def mask_segments(self, segments: Iterable[tuple[str, str]]) -> tuple[tuple[tuple[str, str], ...], list[list[int]]]:
        """Each segment with its restated passages blanked, and the spans blanked ([segment, start, end])."""
        out: list[tuple[str, str]] = []
        spans: list[list[int]] = []
        for number, (locator, text) in enumerate(segments):
            found = self.spans(text)
            spans.extend([number, start, end] for start, end in found)
            out.append((locator, blank(text, found)))
        return tuple(out), spans


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span replaced by as many spaces (positions and lengths kept)."""
    parts: list[str] = []
    at = 0
    for start, end in spans:
        parts.append(text[at:start])
        parts.append(" " * (end - start))
        at = end
    if not parts:
        return text
    parts.append(text[at:])
    return "".join(parts)


def blank_segments(segments: Sequence[tuple[str, str]], spans: Iterable[Sequence[int]]) -> tuple[tuple[str, str], ...]:
    """Segments with the spans :meth:`Restated.mask_segments` found blanked again (from the match cache)."""
    by_segment: dict[int, list[tuple[int, int]]] = {}
    for number, start, end in spans:
        by_segment.setdefault(int(number), []).append((int(start), int(end)))
    if not by_segment:
        return tuple(segments)
    return tuple(
        (locator, blank(text, sorted(by_segment[n]))) if n in by_segment else (locator, text)
        for n, (locator, text) in enumerate(segments)
    )


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands on its own: nothing but markup and list punctuation between it and
    the start and end of its line, or a comma or semicolon of a list of titles on either side."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start]
    after = text[end:line_end]
    lead = _EDGE.fullmatch(before) is not None or before.rstrip().endswith((";", ":", ",", "|", "•"))
    trail = _EDGE.fullmatch(after) is not None or after.lstrip().startswith((";", ",", "|", "."))
    return lead and trail
