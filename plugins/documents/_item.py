"""Turn a found file and its extracted text into an evidence item.

What the manifest declares wins over what the file says about itself: an organisation's approval
date is the one an assessor checks, while a file's own "modified" stamp changes on every copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import EvidenceItem, Provenance, evidence_id
from servex.plugins.documents._extract import MEDIA_TYPES
from servex.plugins.documents._model import Extracted
from servex.plugins.documents._walk import Found

__all__ = ["DATE_ORDER", "build_item"]

#: The date that places a document in time, most authoritative first (used for `max_age_days`).
DATE_ORDER = ("approved", "issued", "modified", "created")


def build_item(
    found: Found, collector: str, sha256: str, size: int, text: Extracted, collected_at: str
) -> EvidenceItem:
    meta: Mapping[str, Any] = found.meta
    dates = {
        "approved": str(meta["approved"]) if meta.get("approved") else None,
        "issued": str(meta["issued"]) if meta.get("issued") else None,
        "modified": text.meta.get("modified") or None,
        "created": text.meta.get("created") or None,
    }
    source = next((key for key in DATE_ORDER if dates[key]), None)
    period = meta.get("period") or {}
    title = str(meta.get("title") or text.meta.get("title") or found.path.stem)
    attributes: dict[str, Any] = {
        "title": title,
        "file": found.rel,
        "pages": text.pages,
        "segments": len(text.segments),
        "characters": sum(len(t) for _l, t in text.segments),
        "truncated": text.truncated,
        "language": meta.get("language") or text.meta.get("language") or None,
        "owner": meta.get("owner"),
        "author": text.meta.get("author") or None,
        **dates,
        "date": dates[source] if source else None,
        "date_source": source,
        "period": {"start": str(period["start"]), "end": str(period["end"])} if period else None,
    }
    return EvidenceItem(
        id=evidence_id(collector, found.rel),
        kind="document",
        title=title,
        provenance=Provenance(
            collector=collector,
            source=found.rel,
            sha256=sha256,
            size=size,
            media_type=MEDIA_TYPES[found.path.suffix.lower()],
            collected_at=collected_at,
            period_start=attributes["period"]["start"] if period else None,
            period_end=attributes["period"]["end"] if period else None,
            locator="",  # the whole file; findings cite pages and paragraphs in their details
        ),
        tags=tuple(meta.get("tags") or ()),
        supports=tuple(meta.get("supports") or ()),
        attributes=attributes,
        payload=text.segments,
    )
