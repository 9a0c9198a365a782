"""Folding, stemming and the terms of a requirement: how a word is compared, apart from where it occurs.

Both sides of a comparison are folded the same way (NFKD, accents dropped, casefold) and compared word by
word; a word also matches its plural (+s, +es, +x), a trailing `*` matches any ending (`réclam*`), and
words are compared by their Snowball stem in the document's language. See :mod:`._match` for the index
that finds them in a document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import snowballstemmer

__all__ = ["STEMMERS", "WORD", "Term", "fold", "fold_words", "forms", "parse_term", "stem", "word_mask"]

WORD = re.compile(r"\w+")
_LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"))
STEMMERS = {"en": "english", "fr": "french", "de": "german"}


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    import snowballstemmer  # with PyStemmer's C extension: loaded when a term is first stemmed

    return snowballstemmer.stemmer(STEMMERS.get(lang, "english"))


@lru_cache(maxsize=262144)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of a folded word; words of three letters or less stay as they are."""
    if len(word) <= 3 or word.endswith("*") or word.isdigit():
        return word
    return str(_stemmer(lang).stemWord(word))


@lru_cache(maxsize=65536)
def forms(word: str, lang: str) -> tuple[tuple[str, ...], str]:
    """The spellings a term's word matches as written (itself and its plurals) and its stem: the same for
    every document, so worked out once per word."""
    base = word[:-1] if word[-1:] in ("s", "x") else word
    return tuple(dict.fromkeys((word, base, base + "s", base + "es", base + "x"))), stem(word, lang)


def _fold(text: str) -> str:
    quick = _fold_latin1(text)
    return _fold_slow(text) if quick is None else quick[0]


def _fold_slow(text: str) -> str:
    """The definition: ligatures spelled out, NFKD, combining marks dropped, casefolded."""
    for ligature, letters in _LIGATURES:  # str.replace: str.translate with a dict is slow on long text
        if ligature in text:
            text = text.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # most text: nothing to drop, and no character-by-character pass
        return decomposed.casefold()
    # only non-ASCII characters can be combining marks: test each distinct one once, drop them in C
    fresh = set("".join(_NON_ASCII.findall(decomposed))) - _SEEN
    if fresh:
        _SEEN.update(fresh)
        marks = {char for char in fresh if unicodedata.combining(char)}
        if marks:
            _MARKS.update(marks)
            _DROP[0] = re.compile("[" + "".join(re.escape(char) for char in sorted(_MARKS)) + "]")
    return (_DROP[0].sub("", decomposed) if _DROP else decomposed).casefold()


#: a word or a term (short, and the same ones again and again); a page's text is folded uncached
fold = lru_cache(maxsize=65536)(_fold)

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SEEN: set[str] = set()  #: non-ASCII characters already tested for being combining marks
_MARKS: set[str] = set()  #: the combining marks among them
_DROP: dict[int, re.Pattern[str]] = {}  #: [0]: a pattern matching any of `_MARKS`, once there is one
_IN_PLACE: set[str] = set()  #: non-ASCII characters that fold without moving a word boundary
_MOVES: set[str] = set()  #: ... and those that may move one


def _latin1_tables() -> tuple[bytes, bytes]:
    """Byte b -> the byte its Latin-1 character folds to, when that is one ASCII character of the same kind
    to `\\w` ("É" -> "e", no-break space -> space), else b itself (a byte >= 0x80: not folded this way);
    and the same with every character that is not a word character made a space."""
    table = bytearray(range(256))
    for byte in range(256):
        char = chr(byte)
        folded = _fold_slow(char)
        if len(folded) == 1 and folded.isascii() and bool(WORD.fullmatch(char)) == bool(WORD.fullmatch(folded)):
            table[byte] = ord(folded)
    spaced = bytes(b if b >= 0x80 or WORD.fullmatch(chr(b)) else 0x20 for b in table)
    return bytes(table), spaced


_LATIN1: list[tuple[bytes, bytes]] = []  #: [0]: the tables, made on first use


def _latin1(text: str) -> tuple[bytes, tuple[bytes, bytes]] | None:
    """The text in Latin-1 with the folding tables (see `_latin1_tables`), or None when it is not Latin-1."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return None
    if not _LATIN1:
        _LATIN1.append(_latin1_tables())
    return raw, _LATIN1[0]


def _fold_latin1(text: str, words: bool = False) -> tuple[str, list[str]] | None:
    """The folded text (and, with `words`, its words) when every character is Latin-1 and folds to one
    ASCII character (most English, French and German text: "é", "Ü", no-break space): C passes over bytes
    instead of decomposing, dropping marks and casefolding; None for any other text. Each character
    becomes one character of its own kind, so the words are in the same places, and with every other
    character a space they are what splitting at spaces gives (far faster than a regex)."""
    found = _latin1(text)
    if found is None:
        return None
    raw, (table, spaced) = found
    folded = raw.translate(table)
    if not folded.isascii():
        return None
    return folded.decode("ascii"), raw.translate(spaced).decode("ascii").split() if words else []


def word_mask(text: str) -> bytes | None:
    """The text as bytes (one a character) with every character that is not a word character a space,
    when it is Latin-1 and folds to ASCII (see `_fold_latin1`): its runs of other bytes are exactly where
    WORD finds the text's words, and a bytes pattern finds them several times faster than `\\w` in a
    string (which asks Unicode about each character). None for any other text."""
    found = _latin1(text)
    if found is None:
        return None
    raw, (_table, spaced) = found
    masked = raw.translate(spaced)
    # a byte that does not fold to ASCII stays as it is in both tables: one is left iff folding is slow
    return masked if masked.isascii() else None


def _folds_in_place(char: str) -> bool:
    """Whether folding the character keeps it what it was to `\\w`: a word character becomes one or more
    word characters, any other character one or more others (never nothing: a dropped accent standing
    alone joins the words either side of it)."""
    folded = _fold_slow(char)
    if WORD.fullmatch(char):
        return WORD.fullmatch(folded) is not None
    return bool(folded) and WORD.search(folded) is None


def fold_words(text: str) -> tuple[str, list[str], bool]:
    """The folded text, its folded words (`[fold(w) for w in WORD.findall(text)]`), and whether those are
    also the words of the folded text (`WORD.findall(folded)`), which claim patterns search.

    Folding works character by character (ligatures, NFKD, dropping combining marks and casefolding
    all do), so when no character of the text moves a word boundary as it folds, the words of the
    folded text are the folded words of the text: one pass over the folded page instead of one fold per
    word, which was a third of building a document's index. Text with a character that may move a
    boundary (a lone combining mark, "½") keeps the word-by-word fold.
    """
    quick = _fold_latin1(text, words=True)
    if quick is not None:
        return quick[0], quick[1], True
    folded = _fold_slow(text)
    chars = set("".join(_NON_ASCII.findall(text)))
    if not chars <= _IN_PLACE:
        for char in chars - _IN_PLACE:
            if char not in _MOVES:
                (_IN_PLACE if _folds_in_place(char) else _MOVES).add(char)
        if not chars <= _IN_PLACE:
            return folded, [fold(w) for w in WORD.findall(text)], False
    return folded, WORD.findall(folded), True


@dataclass(frozen=True)
class Term:
    """One term of a requirement: any of its spellings (synonyms, translations) may match."""

    label: str  #: as written in the criteria set, for messages
    phrases: tuple[tuple[str, ...], ...]  #: folded words of each spelling
    #: the hash, worked out once: a term keys the results remembered on each document's index
    _hash: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.label, self.phrases)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Term], tuple[str, tuple[tuple[str, ...], ...]]]:
        """Made afresh when unpickled: a string's hash differs from one process to the next."""
        return Term, (self.label, self.phrases)


def parse_term(raw: str | Sequence[str]) -> Term:
    spellings = [raw] if isinstance(raw, str) else list(raw)
    phrases = []
    for spelling in spellings:
        words = [fold(w) for w in WORD.findall(spelling)]
        if words and spelling.rstrip().endswith("*"):
            words[-1] += "*"
        if words:
            phrases.append(tuple(words))
    return Term(" / ".join(spellings), tuple(phrases))
