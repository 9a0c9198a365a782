"""What an extractor hands back, in a form that survives the cache (JSON) and worker processes (pickle).

Text is kept as segments, each with the locator an assessor would use to find it again (page 3,
paragraph 12, sheet "Plan" row 4), because a finding must cite where a passage is, not just that the
file contains it somewhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Extracted", "ExtractionError", "TextBudget"]


class ExtractionError(Exception):
    """The file cannot be read as the document it claims to be; the message names what is wrong."""


@dataclass(frozen=True)
class Extracted:
    segments: tuple[tuple[str, str], ...]
    meta: dict[str, str] = field(default_factory=dict)  # title, author, created, modified (ISO dates)
    pages: int | None = None
    truncated: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "segments": [list(pair) for pair in self.segments],
            "meta": dict(sorted(self.meta.items())),
            "pages": self.pages,
            "truncated": self.truncated,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extracted:
        segments = tuple((str(loc), str(text)) for loc, text in data["segments"])
        meta = {str(k): str(v) for k, v in dict(data.get("meta") or {}).items()}
        pages = data.get("pages")
        return cls(segments, meta, int(pages) if pages is not None else None, bool(data.get("truncated")))


class TextBudget:
    """Collects segments until `max_chars` characters, so one huge document cannot exhaust memory.

    Text is normalised to NFC here once: matching tokenises the stored text, and a decomposed accent
    ("e" + combining acute) would otherwise split a word in two.
    """

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.used = 0
        self.truncated = False
        self.segments: list[tuple[str, str]] = []

    @property
    def full(self) -> bool:
        return self.truncated

    def add(self, locator: str, text: str) -> bool:
        """Keep the segment (cut at the budget); False once the budget is spent."""
        if self.truncated:
            return False
        text = unicodedata.normalize("NFC", " ".join(text.split()))
        if not text:
            return True
        room = self.max_chars - self.used
        if len(text) > room:
            text, self.truncated = text[:room], True
        if text:
            self.segments.append((locator, text))
            self.used += len(text)
        return not self.truncated

    def result(self, meta: dict[str, str], pages: int | None = None) -> Extracted:
        return Extracted(tuple(self.segments), {k: v for k, v in meta.items() if v}, pages, self.truncated)
