"""Evidence items and their provenance.

An item is what a collector found: a document, a data export, a set of answers, an API response. Its
`provenance` says where it came from precisely enough for an auditor to find it again and check it has
not changed (sha256). Its `payload` is the in-memory content evaluators work on (extracted text,
a table handle, parsed answers); the payload is never written to the result, only `attributes` are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from servex._record import frozen

__all__ = ["EvidenceItem", "Provenance", "evidence_id", "sha256_bytes", "sha256_file"]


@frozen
class Provenance:
    collector: str  #: name of the collector that produced the item
    source: str  #: path relative to the evidence folder, or a URL with secrets removed
    sha256: str  #: hash of the bytes the item was read from
    size: int  #: size of those bytes
    media_type: str  #: e.g. application/pdf, text/csv, application/json
    collected_at: str  #: ISO 8601, from the run clock
    period_start: str | None = None  #: first day the evidence covers (ISO date)
    period_end: str | None = None  #: last day the evidence covers (ISO date)
    locator: str = ""  #: where inside the source (page, sheet, endpoint page...)

    def to_json(self) -> dict[str, Any]:
        return {
            "collector": self.collector,
            "source": self.source,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "collected_at": self.collected_at,
            "period": {"start": self.period_start, "end": self.period_end},
            "locator": self.locator,
        }


@frozen
class EvidenceItem:
    """One piece of evidence. `id` must be stable: derive it with :func:`evidence_id`."""

    id: str
    kind: str  #: document, dataset, answers, observation, api-response, ...
    title: str
    provenance: Provenance
    tags: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()  #: criterion ids the owner declared it supports
    attributes: Mapping[str, Any] = field(default_factory=dict)  #: JSON-safe facts shown in the result
    payload: Any = field(default=None, compare=False, repr=False)  #: in-memory content, never serialised

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "tags": sorted(self.tags),
            "supports": sorted(self.supports),
            "provenance": self.provenance.to_json(),
            "attributes": dict(self.attributes),
        }


def evidence_id(collector: str, source: str, locator: str = "") -> str:
    """A deterministic id: the same source found by the same collector always gets the same id."""
    from hashlib import sha256  # here, not at import: plugins import this module for `servex --help` too

    digest = sha256(f"{collector}\x00{source}\x00{locator}".encode()).hexdigest()
    return f"ev-{digest[:16]}"


def sha256_bytes(data: bytes) -> str:
    from hashlib import sha256

    return sha256(data).hexdigest()


def sha256_file(path: Any, chunk: int = 1 << 20) -> str:
    from hashlib import sha256

    digest = sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
