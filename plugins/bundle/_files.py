"""The evidence folder as a list of files with their SHA-256: what a bundle records and verify re-checks.

Every regular file counts (a file no collector reads today may be read by the next version, and a
certification body wants the folder as submitted), except version-control folders. A symlink counts by
its content when it stays inside the folder; one leading outside is not evidence (the collectors refuse
it too) and is left out. Paths are POSIX, relative to the folder, sorted.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EvidenceFile", "list_evidence", "sha256_path"]

_SKIP_DIRS = {".git", ".hg", ".svn"}


@dataclass(frozen=True)
class EvidenceFile:
    path: str  #: POSIX, relative to the evidence folder
    sha256: str
    size: int

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "sha256": self.sha256, "size": self.size}


def sha256_path(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def list_evidence(folder: Path) -> list[EvidenceFile]:
    root = folder.resolve()
    found = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in files:
            path = Path(current) / name
            if path.is_symlink() and not _inside(root, path):
                continue
            if not path.is_file():
                continue
            rel = path.relative_to(folder).as_posix()
            found.append(EvidenceFile(rel, sha256_path(path), path.stat().st_size))
    return sorted(found, key=lambda f: f.path)
