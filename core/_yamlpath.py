"""The two small things YAML reading shares with the rest of servex: JSON paths as text, and the limits.

Kept apart from :mod:`servex._yamlbuild` so that code which only formats a path or reads a parsed file
from the cache need not import PyYAML (about a tenth of a small run's start-up).
"""

from __future__ import annotations

from servex._record import frozen

__all__ = ["JsonPath", "Limits", "json_path"]

JsonPath = tuple[str | int, ...]


def json_path(path: JsonPath) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@frozen
class Limits:
    max_nodes: int
    max_depth: int
