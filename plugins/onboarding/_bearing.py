"""Which criteria each document of a folder may bear on, found by the same matching `servex assess` does.

A first-time user wants to know what their documents are worth before writing a manifest. Rather than a
second, looser matcher (a file name that says "charter"), servex grades the folder once in memory and
reads back, per document, the requirements whose subject and claims it found: a document "bears on" a
criterion when a passage of it matched, fully or in part. Tags play no part, as in grading.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Bearing", "FolderReading", "read_folder"]


@dataclass
class Bearing:
    """A document and the criteria (with the requirement and how well it matched) it may bear on."""

    path: str
    title: str
    owner: str = ""  #: as the document's own metadata states it
    approved: str = ""
    criteria: list[tuple[str, str, str]] = field(default_factory=list)  #: (criterion, requirement, status)


@dataclass
class FolderReading:
    documents: list[Bearing]
    last_record: str = ""  #: latest record date in the data exports (ISO), for proposing a period
    languages: dict[str, int] = field(default_factory=dict)  #: documents per detected language
    problem: str = ""  #: why the folder could not be read (the listing is then empty)


#: a document's status for a requirement -> how it bears on it: its passages matched in full (only its date
#: kept it from counting: too old, expired, or undated, which the manifest's `approved:` can settle) or in part
_BEARING = {"match": "match", "too_old": "match", "expired": "match", "undated": "match", "partial": "partial"}


def _documents(result: Mapping[str, Any]) -> dict[str, Bearing]:
    out: dict[str, Bearing] = {}
    for item in result.get("evidence") or []:
        if item.get("kind") == "document":
            source = str(item["provenance"]["source"])
            attributes = item.get("attributes") or {}
            out[source] = Bearing(
                source,
                str(item.get("title") or ""),
                str(attributes.get("owner") or ""),
                str(attributes.get("approved") or "")[:10],
            )
    for finding in result.get("findings") or []:
        for requirement in finding.get("requirements") or []:
            for doc in (requirement.get("details") or {}).get("documents") or []:
                status = _BEARING.get(str(doc.get("status")))
                if status is not None and doc.get("file") in out:
                    entry = (str(finding["criterion_id"]), str(requirement["id"]), status)
                    if entry not in out[doc["file"]].criteria:
                        out[doc["file"]].criteria.append(entry)
    return out


def read_folder(folder: Path, plugins: Any, criteria: Sequence[str] | None) -> FolderReading:
    """Grade the folder in memory (nothing is written) and read back documents, dates and languages."""
    from servex import ServexError
    from servex._assess import assess

    try:
        result = assess(folder, plugins, criteria=list(criteria) if criteria else None, fail_on="never").result
    except ServexError as exc:
        return FolderReading([], problem=str(exc).splitlines()[0])
    documents = _documents(result)
    last = ""
    languages: dict[str, int] = {}
    for item in result.get("evidence") or []:
        attributes = item.get("attributes") or {}
        if item.get("kind") == "dataset" and attributes.get("last"):
            last = max(last, str(attributes["last"])[:10])
        if item.get("kind") == "document" and attributes.get("language"):
            lang = str(attributes["language"])
            languages[lang] = languages.get(lang, 0) + 1
    return FolderReading(sorted(documents.values(), key=lambda b: b.path), last, languages)
