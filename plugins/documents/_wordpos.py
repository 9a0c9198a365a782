"""Where the words of a text are, and how many lie between two places, without a match object per word.

WORD (`\\w+`) finds a text's words; asking it for every word before the one cited (a snippet, the
statement around a term, where a claim starts in words) made a match object for each, and a page can
hold thousands of words. Both questions are answered here from masks of the text in bytes, where a
pattern or a count runs in C without asking Unicode about each character, and the text itself is read
only when it has characters a mask cannot stand for.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from servex.plugins.documents._terms import WORD, word_mask

__all__ = ["WordCount", "WordSpans"]

#: BLOCK words, and what comes before them, matched in one go: a word is a run of `\w` (as WORD finds it),
#: and the possessive quantifiers never split one to make up the count near the end of a text; the same
#: in a text's word mask (see ._terms.word_mask), where a word is a run of anything but spaces
_BLOCK_WORDS = 16
_BLOCK = re.compile(rf"(?:\W*+\w++){{{_BLOCK_WORDS}}}")
_MASKED_BLOCK = re.compile(rb"(?: *+[^ ]++){%d}" % _BLOCK_WORDS)
_MASKED_WORD = re.compile(rb"[^ ]+")


class WordSpans:
    """Where the words of a text are (as WORD.finditer finds them), read a block of words at a time and
    only for the blocks asked about. Snippets and statements are read around a cited word, and a page
    can hold thousands of words: the blocks before it are skipped by one match each, in C, instead of
    making a match object for every word before it. Most text is searched as its word mask, in bytes."""

    __slots__ = ("block", "blocks", "final", "starts", "text", "word")

    def __init__(self, text: str) -> None:
        masked = word_mask(text)
        # the text and its patterns, both str or both bytes
        self.text: Any = text if masked is None else masked
        self.block: re.Pattern[Any] = _BLOCK if masked is None else _MASKED_BLOCK
        self.word: re.Pattern[Any] = WORD if masked is None else _MASKED_WORD
        self.starts = [0]  #: where each block's search begins (after the previous block's last word)
        self.final: int | None = None  #: the number of the last block, once known (it has < BLOCK words)
        self.blocks: dict[int, list[tuple[int, int]]] = {}  #: the spans of each block read

    def get(self, word: int, clamp: bool = False) -> tuple[int, int] | None:
        block, at = divmod(word, _BLOCK_WORDS)
        starts = self.starts
        while len(starts) <= block and self.final is None:
            found = self.block.match(self.text, starts[-1])
            if found is None:
                self.final = len(starts) - 1
            else:
                starts.append(found.end())
        if len(starts) > block:
            spans = self._block(block)
            if at < len(spans):
                return spans[at]
        if not clamp:
            return None
        # past the last word: it is in the last block, or ends the one before when the last is empty
        last = self.final if self.final is not None else block
        for number in (last, last - 1) if last > 0 else (last,):
            spans = self._block(number)
            if spans:
                return spans[-1]
        return None

    def _block(self, number: int) -> list[tuple[int, int]]:
        spans = self.blocks.get(number)
        if spans is None:
            found = self.word.finditer(self.text, self.starts[number])
            spans = self.blocks[number] = [match.span() for match in islice(found, _BLOCK_WORDS)]
        return spans


#: ASCII word characters (what `\\w` matches below 128) to "x", every other byte to a space
_X = bytes(ord("x") if chr(b).isascii() and WORD.fullmatch(chr(b)) else ord(" ") for b in range(256))


class WordCount:
    """How many words WORD finds in a stretch of a (folded) text: a word starts at an "x" after a space in
    its mask, or at the stretch's first character when that is part of a word (as WORD, started there,
    finds its end), so a count of the pair in C answers it."""

    __slots__ = ("mask", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        #: None when the text has a non-ASCII character (what `\\w` says of it is Unicode's)
        self.mask = text.encode("ascii").translate(_X) if text.isascii() else None

    def between(self, start: int, end: int) -> int:
        """`len(WORD.findall(text, start, end))`, for 0 <= start."""
        mask = self.mask
        if mask is None:
            return len(WORD.findall(self.text, start, end))
        if start >= end:
            return 0
        return mask.count(b" x", start, end) + (mask[start : start + 1] == b"x")
