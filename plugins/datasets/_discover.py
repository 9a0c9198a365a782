"""Data files of the evidence folder that no source reads, and what kind of export an undeclared file is.

An export left in the folder but not named in the manifest used to vanish without a word; now it is
either recognised (a vendor layout, or canonical column names) and used, or listed as not used.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from servex.plugins.datasets._fields import DATE_FIELDS, FIELDS, canonical_name, recognise

__all__ = ["DATA_SUFFIXES", "claimed_paths", "data_files", "guess_dataset", "is_claimed"]

DATA_SUFFIXES = (".csv", ".tsv", ".ndjson", ".jsonl", ".parquet")
_MAX_FILES = 10_000
_SKIP = ("answers/", "cases/")  # the questionnaires and case-samples collectors' folders


def data_files(root: Path) -> Iterator[str]:
    """Posix paths of the data exports in the folder: no hidden files, no symlinks, nothing under answers/ or cases/."""
    count = 0
    for current, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(current) / d).is_symlink())
        for name in sorted(files):
            path = Path(current) / name
            rel = path.relative_to(root).as_posix()
            if name.startswith((".", "~$")) or path.is_symlink() or rel.startswith(_SKIP):
                continue
            if path.suffix.lower() in DATA_SUFFIXES:
                count += 1
                if count > _MAX_FILES:
                    return
                yield rel


def _clean(raw: str) -> str | None:
    text = raw.replace("\\", "/").strip()
    if not text or text.startswith("/"):
        return None
    norm = posixpath.normpath(text)
    return None if norm == ".." or norm.startswith("../") else norm


def claimed_paths(manifest: Mapping[str, Any]) -> set[str]:
    """Every path a source of the manifest names (datasets `files`, other collectors' path settings)."""
    out: set[str] = set()
    for source in manifest.get("sources") or []:
        config = source.get("config") or {}
        for key in ("path", "paths", "file", "files", "folder"):
            value = config.get(key)
            for item in value if isinstance(value, list) else [value]:
                raw = item.get("path") if isinstance(item, Mapping) else item
                clean = _clean(raw) if isinstance(raw, str) else None
                if clean:
                    out.add(clean)
    return out


def is_claimed(rel: str, claimed: set[str]) -> bool:
    return any(rel == c or rel.startswith(c.rstrip("/") + "/") or c == "." for c in claimed)


def guess_dataset(rel: str, columns: list[str]) -> str | None:
    """The one dataset these headers fit: a vendor layout, else canonical column names (with the file
    name to tell a customer survey from a staff survey); None when unsure."""
    hits = {d for d in FIELDS if recognise(d, columns)[0] is not None}
    if len(hits) == 1:
        return hits.pop()
    names = {canonical_name(c) for c in columns}
    fitting = sorted(d for d, f in DATE_FIELDS.items() if f in names)
    if len(fitting) > 1:  # survey and employee_survey share responded_at
        staff = any(word in rel.lower() for word in ("employee", "staff", "salarie", "pulse"))
        fitting = [d for d in fitting if (d == "employee_survey") == staff]
    if len(fitting) == 1:
        known = FIELDS[fitting[0]]
        # the date column alone is too little: at least one more canonical field must be there
        if len([n for n in names if n in known]) >= 2:
            return fitting[0]
    return None
