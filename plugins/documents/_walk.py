"""Which files of the evidence folder are documents, and what the manifest says about each.

The walk never leaves the evidence folder: a symlink or a manifest path that leads outside is an
evidence error (an evidence folder is often assembled from shares, and following a link out of it
could read, and cite, files the organisation never submitted). Files other collectors own (data
exports, questionnaire answers, the manifest itself) are left to them.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from servex import CollectContext
from servex.plugins.documents._extract import MEDIA_TYPES

__all__ = ["DATA_PATTERNS", "Found", "find_documents"]

MANIFEST = "servex.yaml"
DATA_PATTERNS = ("*.csv", "*.tsv", "*.ndjson", "*.jsonl", "*.parquet")
_SCALARS = ("title", "owner", "approved", "issued", "language", "period")


@dataclass(frozen=True)
class Found:
    rel: str  #: posix path relative to the evidence folder, as cited in findings
    path: Path
    meta: Mapping[str, Any] = field(default_factory=dict)  #: merged manifest `files:` metadata


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _clean(raw: str) -> str | None:
    """The posix path relative to the folder, or None when it is absolute or climbs out with `..`."""
    text = raw.replace("\\", "/").strip()
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return None
    norm = posixpath.normpath(text)
    if norm == ".." or norm.startswith("../"):
        return None
    return "" if norm == "." else norm


def _source_paths(manifest: Mapping[str, Any], own: str) -> list[str]:
    """Paths that other sources (dataset exports declared in the manifest) read: not documents.

    A list entry may be a path or a mapping with a `path` (the datasets collector's `files:`
    entries), so an XLSX export listed there is a dataset, never also read as a document.
    """
    out = []
    for source in manifest.get("sources") or []:
        if source.get("collector") == own:
            continue
        config = source.get("config") or {}
        for key in ("path", "paths", "file", "files"):
            value = config.get(key)
            for item in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
                raw = item.get("path") if isinstance(item, Mapping) else item
                clean = _clean(raw) if isinstance(raw, str) else None
                if clean:
                    out.append(clean)
    return out


def _owned_elsewhere(rel: str, reserved: Sequence[str], exclude: Sequence[str]) -> bool:
    if rel == MANIFEST or rel.startswith(("answers/", "cases/")):  # questionnaire answers, case worksheets
        return True
    name = rel.rsplit("/", 1)[-1]
    if any(rel == p or rel.startswith(p + "/") for p in reserved):
        return True
    matcher = _patterns((*DATA_PATTERNS, *exclude))
    return bool(matcher.match(os.path.normcase(name)) or matcher.match(os.path.normcase(rel)))


@lru_cache(maxsize=16)
def _patterns(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """The glob patterns as one regex, matching what `fnmatch.fnmatch` does with any of them: compiled
    once per run, not tested one by one for each of a folder's files."""
    return re.compile("|".join(fnmatch.translate(os.path.normcase(pattern)) for pattern in patterns))


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") or part.startswith("~$") for part in rel.split("/"))


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _walk(ctx: CollectContext, root: Path) -> Iterable[tuple[str, Path]]:
    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else ""
        ctx.error(f"folder cannot be read ({exc.strerror or exc}); its files are left out", file=where)

    for current, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(current)
        for name in sorted(dirs):
            if (base / name).is_symlink():
                dirs.remove(name)  # never followed: links inside would count twice, links outside leak
                rel = (base / name).relative_to(root).as_posix()
                if not _inside(root, base / name) and not _hidden(rel):
                    ctx.error("symlinked folder leads outside the evidence folder; ignored", file=rel)
        dirs.sort()
        for name in sorted(files):
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink() and not _inside(root, path):
                if not _hidden(rel) and path.suffix.lower() in MEDIA_TYPES:
                    ctx.error("symlink leads outside the evidence folder; ignored", file=rel)
                continue
            yield rel, path


def _named(ctx: CollectContext, root: Path) -> tuple[list[tuple[str, Mapping[str, Any]]], list[tuple[str, Path]]]:
    """Manifest `files:` entries as (clean path, entry), plus the named files the walk would skip."""
    entries, extra = [], []
    for index, entry in enumerate(ctx.manifest.get("files") or []):
        raw, where = str(entry.get("path", "")), f"files[{index}].path"
        clean = _clean(raw)
        if clean is None or not _inside(root, root / (clean or ".")):
            ctx.error(f"{where} {raw!r} points outside the evidence folder; ignored", file=MANIFEST, field=where)
            continue
        target = root / clean
        if not target.exists():
            ctx.warn(f"{where} {raw!r} does not exist in the evidence folder", file=MANIFEST, field=where)
            continue
        entries.append((clean, entry))
        if target.is_file() and _hidden(clean):
            extra.append((clean, target))
    return entries, extra


def _merge(rel: str, entries: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Folder entries apply to the files below them; the most specific entry wins, tags add up."""
    meta: dict[str, Any] = {}
    tags: set[str] = set()
    supports: set[str] = set()
    applicable = [(p, e) for p, e in entries if p in ("", rel) or rel.startswith(p + "/")]
    for _path, entry in sorted(applicable, key=lambda pe: len(pe[0])):
        tags.update(str(t) for t in entry.get("tags") or [])
        supports.update(str(s) for s in entry.get("supports") or [])
        for key in _SCALARS:
            if entry.get(key) is not None:
                meta[key] = entry[key]
    meta["tags"], meta["supports"] = sorted(tags), sorted(supports)
    return meta


def find_documents(ctx: CollectContext, collector: str, exclude: Sequence[str]) -> list[Found]:
    root = ctx.evidence_dir.resolve()
    entries, extra = _named(ctx, root)
    reserved = _source_paths(ctx.manifest, collector)
    named = {clean for clean, _entry in entries}
    found: dict[str, Found] = {}
    for rel, path in [*_walk(ctx, root), *extra]:
        if rel in found or (_hidden(rel) and rel not in named) or _owned_elsewhere(rel, reserved, exclude):
            continue
        if path.suffix.lower() not in MEDIA_TYPES:
            if rel in named:
                ctx.warn(f"{path.suffix or 'files without an extension'} cannot be read as a document", file=rel)
            continue
        if not _regular(path):
            ctx.error("not a regular file; ignored", file=rel)
            continue
        found[rel] = Found(rel, path, _merge(rel, entries))
    return [found[rel] for rel in sorted(found)]
