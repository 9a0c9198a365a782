"""The fingerprint of a criterion as defined, kept with its criteria set in the user cache.

Every finding carries `definition_sha256`, so `servex diff` can tell a criterion that changed between two
versions of a set from one that did not. Computing it encodes every criterion to JSON and hashes it: a
tenth of an `assess` on a small folder, for values that depend on the set's content only. A set built from
files remembers them under the hash of its merged content (`remember`); a criterion that a profile or a
test changed afterwards is a different object and is fingerprinted afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from servex import _filecache
from servex._criteria.model import Criterion

__all__ = ["definition_sha256", "remember"]

#: id(criterion) -> (the criterion, kept alive so its id cannot be reused, its fingerprint)
_KNOWN: dict[int, tuple[Criterion, str]] = {}


def definition_sha256(criterion: Criterion) -> str:
    """A fingerprint of the criterion as defined (texts, requirements, rules, weight, parameters)."""
    known = _KNOWN.get(id(criterion))
    if known is not None and known[0] is criterion:
        return known[1]
    # The C encoder walks lists and dicts itself; only dataclasses and other mappings come back here.
    canonical = json.dumps(criterion, sort_keys=True, ensure_ascii=False, default=_shallow)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def remember(content_sha256: str, criteria: Sequence[Criterion]) -> None:
    """Fingerprints of a set's criteria as built from content with this hash: from the cache, else computed
    and stored there."""
    key = _filecache.key_of("criteria-definitions", content_sha256)
    cached = _filecache.get("criteria-definitions", key)
    if not (isinstance(cached, list) and len(cached) == len(criteria) and all(isinstance(s, str) for s in cached)):
        cached = [definition_sha256(c) for c in criteria]
        _filecache.put("criteria-definitions", key, cached)
    for criterion, sha in zip(criteria, cached, strict=True):
        _KNOWN[id(criterion)] = (criterion, sha)


def _shallow(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return str(value)
