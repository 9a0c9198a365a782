"""The individual conformance checks: each looks at collector runs and says pass or fail, and why.

They are pure functions over :class:`Outcome` records so a failing check names the exact item and
field, which is what a plugin author needs to fix it.
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from servex.testing._harness import Outcome

__all__ = ["Secret", "check_ids", "check_provenance", "check_schema", "find_secrets", "leaks", "serialised"]

_SECRET_KEY = re.compile(r"(?i)(^|[_-])(password|passwd|secret|token|api_?key|private_?key|credentials?)$")


class Secret(str):
    """A configuration value the conformance check must never find in a collector's output.

    It is a plain `str` to the collector; wrap a token with it, e.g. `config={"token": Secret("tok-1")}`.
    """

    __slots__ = ()


def find_secrets(config: Any) -> set[str]:
    """Values marked with :class:`Secret`, and string values of keys named like password or token."""
    found: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and (isinstance(value, Secret) or (_SECRET_KEY.search(key) and len(value) >= 4)):
            found.add(str(value))

    walk(config)
    return found


@cache
def _evidence_validator() -> Any:
    import jsonschema
    from servex._schemas import schema

    full = schema("result")
    wrapper = {"$schema": full["$schema"], "$defs": full["$defs"], "$ref": "#/$defs/evidence"}
    return jsonschema.Draft202012Validator(wrapper, format_checker=jsonschema.FormatChecker())


def _label(index: int, item: Any) -> str:
    return f"item {index} ({getattr(item, 'id', '?')})"


def check_schema(items: Iterable[Any], kinds: Iterable[str]) -> list[str]:
    """Every item is an EvidenceItem of a declared kind whose JSON matches the result schema."""
    from servex._evidence import EvidenceItem

    problems: list[str] = []
    allowed = set(kinds)
    for index, item in enumerate(items):
        if not isinstance(item, EvidenceItem):
            problems.append(f"item {index} is a {type(item).__name__}, not an EvidenceItem")
            continue
        if item.kind not in allowed:
            problems.append(f"{_label(index, item)} has kind {item.kind!r}, not one of the declared {sorted(allowed)}")
        try:
            data = json.loads(json.dumps(item.to_json(), allow_nan=False))
        except (TypeError, ValueError) as exc:
            problems.append(f"{_label(index, item)} is not JSON-safe: {exc}")
            continue
        for error in _evidence_validator().iter_errors(data):
            where = "/".join(str(p) for p in error.absolute_path) or "(item)"
            problems.append(f"{_label(index, item)}: {where}: {error.message}")
    return problems


def _iso_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def check_provenance(items: Iterable[Any], collector: str, folder: Path, collected_at: str) -> list[str]:
    """Provenance an auditor can follow: who, from where, which bytes, when, covering what, where inside."""
    problems: list[str] = []
    root = folder.resolve()
    for index, item in enumerate(items):
        prov, label = item.provenance, _label(index, item)
        if prov.collector != collector:
            problems.append(f"{label}: provenance.collector is {prov.collector!r}, expected {collector!r}")
        problems += [f"{label}: {p}" for p in _source_problems(prov, root)]
        if prov.collected_at != collected_at:
            problems.append(
                f"{label}: collected_at {prov.collected_at!r} is not the run clock {collected_at!r}"
                " (use ctx.collected_at; it honours SOURCE_DATE_EPOCH)"
            )
        try:
            start, end = _iso_date(prov.period_start), _iso_date(prov.period_end)
            if start and end and end < start:
                problems.append(f"{label}: period ends ({end}) before it starts ({start})")
        except (TypeError, ValueError):
            problems.append(f"{label}: period {prov.period_start!r}..{prov.period_end!r} is not ISO dates")
        if not isinstance(prov.locator, str):
            problems.append(f"{label}: locator must be a string")
    by_place: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        place = (item.provenance.source, item.provenance.locator)
        if place in by_place:
            problems.append(
                f"{_label(index, item)}: same source and locator as item {by_place[place]} ({place[0]!r}, "
                f"{place[1]!r}); set a locator that tells them apart"
            )
        by_place.setdefault(place, index)
    return problems


def _source_problems(prov: Any, root: Path) -> Iterator[str]:
    source = prov.source
    if not isinstance(source, str) or not source:
        yield "provenance.source is empty"
        return
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I):
        parts = urllib.parse.urlsplit(source)
        if parts.password or parts.username:
            yield f"provenance.source {source!r} carries credentials"
        return
    if source.startswith("/") or "\\" in source or re.match(r"^[A-Za-z]:", source):
        yield f"provenance.source {source!r} must be a posix path relative to the evidence folder"
        return
    norm = posixpath.normpath(source)
    if norm == ".." or norm.startswith("../"):
        yield f"provenance.source {source!r} climbs out of the evidence folder"
        return
    path = root / norm
    if path.is_file():
        data = path.read_bytes()
        from servex._evidence import sha256_bytes

        if prov.sha256 != sha256_bytes(data):
            yield f"sha256 {prov.sha256!r} is not the sha256 of {source} ({sha256_bytes(data)})"
        if prov.size != len(data):
            yield f"size {prov.size} is not the size of {source} ({len(data)} bytes)"


def check_ids(items: Iterable[Any]) -> list[str]:
    """Ids unique within a run (stability across runs and folder moves is the determinism check)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(f"{_label(index, item)}: same id as item {seen[item.id]}")
        seen.setdefault(item.id, index)
    return problems


def serialised(outcome: Outcome) -> str:
    """Everything of a run that can reach a result, a report or the console."""
    parts = [json.dumps([_json(item) for item in outcome.items], sort_keys=True, ensure_ascii=False, default=str)]
    parts += [str(entry) for entry in outcome.log]
    if outcome.error is not None:
        parts.append(f"{type(outcome.error).__name__}: {outcome.error}")
    return "\n".join(parts)


def _json(item: Any) -> Any:
    try:
        return item.to_json()
    except Exception:  # not an EvidenceItem, or attributes that cannot be serialised: the schema check says so
        return repr(item)


def leaks(text: str, secrets: Iterable[str]) -> list[str]:
    """Which secrets appear in `text`, as such or URL-encoded (shown masked)."""
    found = []
    for secret in sorted(secrets):
        variants = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
        if any(v in text for v in variants):
            found.append(f"{secret[:2]}…({len(secret)} chars)")
    return found
