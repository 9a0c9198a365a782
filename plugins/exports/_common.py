"""What every export reads from the result the same way: texts in one language, the evidence a finding
cites (file, sha256, page or line), stable identifiers and the result's own timestamp.

Identifiers are UUIDv5 of the result's id and a name, so two exports of one result agree with each other
and with themselves on every run; timestamps come from the result (`generated_at`), never the clock.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "STATUS_WORDS",
    "Cited",
    "cited_evidence",
    "evidence_index",
    "stable_uuid",
    "text",
    "tool_version",
]

#: the result's statuses in plain words (English: the exports' machine-facing fields stay English)
STATUS_WORDS = {
    "met": "met",
    "partially_met": "partially met",
    "not_met": "not met",
    "not_applicable": "not applicable",
    "not_assessed": "not assessed",
    "error": "error",
}

_LOCATOR = re.compile(r"\b(page|p\.|line|ligne|seite|zeile)\s*(\d+)", re.IGNORECASE)


def text(value: Any, lang: str) -> str:
    """A result text (`{"en": ..., "fr": ...}` or a string) in `lang`, as the reports show it (German from the
    criteria catalogue, English where a language has no text)."""
    from servex.plugins.reports._i18n import lang as language

    return language(lang).criteria_text(value).strip()


def stable_uuid(result: Mapping[str, Any], *names: str) -> str:
    """A UUIDv5 under the result's id: the same result gives the same identifiers in every export."""
    try:
        base = uuid.UUID(str(result.get("id")))
    except ValueError:
        base = uuid.uuid5(uuid.NAMESPACE_URL, "servex:" + str(result.get("id")))
    return str(uuid.uuid5(base, "\x00".join(names)))


def tool_version(result: Mapping[str, Any]) -> str:
    return str((result.get("tool") or {}).get("version") or "")


def evidence_index(result: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(e["id"]): e for e in result.get("evidence") or [] if isinstance(e, Mapping) and "id" in e}


@dataclass(frozen=True)
class Cited:
    """One evidence item a finding rests on, with where in it the finding looked when that is known."""

    id: str
    source: str  #: as the result records it: a path relative to the evidence folder, or a URL
    sha256: str
    media_type: str
    title: str
    line: int | None = None
    page: int | None = None


def _places(finding: Mapping[str, Any]) -> dict[str, tuple[int | None, int | None]]:
    """The first page and line each cited document was quoted at (from the document requirements)."""
    found: dict[str, tuple[int | None, int | None]] = {}
    for req in finding.get("requirements") or []:
        for doc in (req.get("details") or {}).get("documents") or []:
            if not isinstance(doc, Mapping) or not doc.get("file") or doc["file"] in found:
                continue
            for citation in doc.get("citations") or []:
                match = _LOCATOR.search(str((citation or {}).get("locator") or ""))
                if match:
                    number = int(match.group(2))
                    is_page = match.group(1).lower() in ("page", "p.", "seite")
                    found[str(doc["file"])] = (number, None) if is_page else (None, number)
                    break
    return found


def cited_evidence(finding: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]]) -> list[Cited]:
    """The evidence items a finding cites, in the finding's order, each once."""
    places = _places(finding)
    out: list[Cited] = []
    for eid in dict.fromkeys(str(e) for e in finding.get("evidence_ids") or []):
        item = index.get(eid)
        if item is None:
            continue
        prov = item.get("provenance") or {}
        source = str(prov.get("source") or "")
        page, line = places.get(source, (None, None))
        out.append(
            Cited(
                id=eid,
                source=source,
                sha256=str(prov.get("sha256") or ""),
                media_type=str(prov.get("media_type") or ""),
                title=str(item.get("title") or source),
                line=line,
                page=page,
            )
        )
    return out
