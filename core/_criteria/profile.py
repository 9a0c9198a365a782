"""Sector and size profiles: the targets and minimum samples a named kind of organisation is graded against.

A profile is data (`criteria/profiles/<id>.yaml`, contributed through the `servex_profiles` hook), keyed
by criterion id, never code. It is the only way a threshold may be loosened (an organisation's manifest
may only tighten one), so every change it makes carries its reason, and the result records each change
(criterion, requirement, original value, profile value, reason) for every report to show. A profile is
named by id only: an organisation cannot put a profile of its own making in its evidence folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servex._errors import InvalidInputError, Problem
from servex._plugins import Plugins
from servex._record import frozen
from servex._schemas import validate
from servex._yamldoc import YamlDoc, load_yaml

__all__ = ["COMMITMENTS_PROFILE", "Profile", "load_profile", "profile_index", "profile_json"]

#: applied when a manifest states commitments but names no profile, so its anchors still work
COMMITMENTS_PROFILE = "published-commitments"


@frozen
class Profile:
    id: str
    version: str
    kind: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    sha256: str
    #: the profile and those it extends, the furthest ancestor first, each as (display name, document)
    chain: tuple[tuple[str, YamlDoc], ...]


def profile_index(plugins: Plugins) -> dict[str, Path]:
    """Profile id -> file, from every plugin's `servex_profiles` (the first plugin keeps an id)."""
    found: dict[str, Path] = {}
    for _plugin, path in plugins.profile_paths():
        doc = load_yaml(path, display=path.name, trusted=True)
        pid = doc.data.get("id") if isinstance(doc.data, Mapping) else None
        if isinstance(pid, str):
            found.setdefault(pid, path)
    return dict(sorted(found.items()))


def _unknown(name: str, known: Mapping[str, Path], where: Problem | None) -> InvalidInputError:
    text = f"unknown profile {name!r} (known: {', '.join(known) or 'none'})"
    if where is not None:
        return InvalidInputError([Problem(where.file, where.line, where.column, text, where.path)])
    return InvalidInputError([Problem("", None, None, text)])


def load_profile(plugins: Plugins, name: str, where: Problem | None = None) -> Profile:
    """Load a profile by id and the chain it extends; `where` locates the manifest line that named it."""
    known = profile_index(plugins)
    chain: list[tuple[str, YamlDoc]] = []
    current: str | None = name
    while current is not None:
        if current not in known:
            raise _unknown(current, known, where if not chain else chain[0][1].problem(("extends",), ""))
        if any(doc.data["id"] == current for _, doc in chain):
            raise InvalidInputError(
                [chain[0][1].problem(("extends",), f"profiles extend each other in a cycle at {current!r}")]
            )
        path = known[current]
        doc = load_yaml(path, display=path.name, trusted=True)
        problems = validate("profile", doc)
        if problems:
            raise InvalidInputError(problems)
        chain.insert(0, (path.name, doc))
        parent = doc.data.get("extends")
        current = parent if isinstance(parent, str) else None
    top = chain[-1][1].data
    digest = hashlib.sha256(json.dumps([doc.data for _, doc in chain], sort_keys=True, default=str).encode())
    return Profile(
        id=top["id"],
        version=top["version"],
        kind=top["kind"],
        title=dict(top["title"]),
        description=dict(top["description"]),
        sha256=digest.hexdigest(),
        chain=tuple(chain),
    )


def profile_json(profile: Profile) -> dict[str, Any]:
    """The profile's identity as the result records it."""
    return {
        "id": profile.id,
        "version": profile.version,
        "kind": profile.kind,
        "title": dict(profile.title),
        "description": dict(profile.description),
        "sha256": profile.sha256,
        "extends": [doc.data["id"] for _, doc in profile.chain[:-1]],
    }
