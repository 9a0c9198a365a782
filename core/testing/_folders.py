"""Evidence folders and criteria sets built on the fly, so a plugin's tests state their inputs inline.

Tests that depend on files checked in elsewhere drift silently; building the folder in the test keeps
the evidence, the manifest and the expected grades side by side.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = ["DEFAULT_PERIOD", "make_criteria_set", "make_evidence_folder"]

DEFAULT_PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def make_evidence_folder(
    root: Path,
    files: Mapping[str, str | bytes] | None = None,
    *,
    manifest: Mapping[str, Any] | None = None,
    sources: Iterable[Mapping[str, Any]] = (),
    criteria: str | Path | None = None,
    write_manifest: bool = True,
) -> Path:
    """Create `root` with `files` (relative posix path -> text or bytes) and a valid `servex.yaml`.

    `manifest` keys override the defaults (organisation "Test Org", calendar year 2025); `sources` and
    `criteria` are shortcuts for the keys of the same name. A criteria path is written relative to the
    folder, as a real manifest would; a criteria file from outside the folder is copied into it first,
    because a manifest may name only files inside its own folder (the folder is untrusted).
    """
    for rel, content in (files or {}).items():  # check everything first: nothing half-written
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise ValueError(f"make_evidence_folder: {rel!r} must be a relative path inside the folder")
        if not isinstance(content, str | bytes):
            kind = type(content).__name__
            raise TypeError(f"make_evidence_folder: content of {rel!r} must be str or bytes, not {kind}")
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if not write_manifest:
        return root
    data: dict[str, Any] = {
        "format_version": "1",
        "organisation": {"name": "Test Org"},
        "period": dict(DEFAULT_PERIOD),
    }
    if isinstance(criteria, Path) and not criteria.resolve().is_relative_to(root.resolve()):
        shutil.copyfile(criteria, root / criteria.name)
        criteria = root / criteria.name
    if criteria is not None:
        data["criteria"] = _relative(Path(criteria), root) if isinstance(criteria, Path) else criteria
    if sources:
        data["sources"] = [dict(source) for source in sources]
    data.update(manifest or {})
    (root / "servex.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def make_criteria_set(
    path: Path,
    requirements: Iterable[str] | Mapping[str, Mapping[str, Any]],
    *,
    set_id: str = "test-set",
    role: str = "show",
) -> Path:
    """Write a minimal valid criteria set with one criterion per requirement type.

    `requirements` is a list of types, or a mapping type -> params. Criterion `T-01` (for the first
    type, `T-02` for the next...) is met when its requirement is satisfied, partially met when partial,
    not met otherwise; its requirement id is `req`.
    """
    wanted = dict(requirements) if isinstance(requirements, Mapping) else {t: {} for t in requirements}
    if not wanted:
        raise ValueError("a criteria set needs at least one requirement type")
    criteria = []
    for number, (req_type, params) in enumerate(wanted.items(), start=1):
        requirement: dict[str, Any] = {
            "id": "req",
            "type": req_type,
            "role": role,
            "description": {"en": f"Evidence judged by {req_type}", "fr": f"Preuve jugée par {req_type}"},
        }
        if params:
            requirement["params"] = dict(params)
        criteria.append(
            {
                "id": f"T-{number:02d}",
                "level": "L1",
                "elements": ["E1"],
                "title": {"en": f"Criterion {number}", "fr": f"Critère {number}"},
                "statement": {"en": f"{req_type} is satisfied.", "fr": f"{req_type} est satisfait."},
                "recommendation": {"en": "Fix it.", "fr": "Corriger."},
                "weight": 1,
                "scale": "compliance",
                "evidence": [requirement],
                "grading": {
                    "rules": [
                        {"when": {"req": "req", "is": "satisfied"}, "then": "compliance"},
                        {"when": {"req": "req", "is": "partial"}, "then": "partial"},
                    ],
                    "otherwise": "non_compliance",
                },
            }
        )
    data = {
        "format_version": "1",
        "id": set_id,
        "version": "1.0.0",
        "title": {"en": "Test set", "fr": "Jeu de test"},
        "scales": {"compliance": _COMPLIANCE},
        "levels": [{"id": "L1", "name": {"en": "Level 1", "fr": "Niveau 1"}}],
        "dimensions": [{"id": "D1", "name": {"en": "Dimension 1", "fr": "Dimension 1"}}],
        "elements": [{"id": "E1", "dimension": "D1", "name": {"en": "Element 1", "fr": "Élément 1"}}],
        "criteria": criteria,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


_COMPLIANCE = {
    "title": {"en": "Compliance", "fr": "Conformité"},
    "values": [
        {
            "id": "non_compliance",
            "label": {"en": "Non-compliance", "fr": "Non-conformité"},
            "score": 0,
            "status": "not_met",
        },
        {"id": "partial", "label": {"en": "Partial", "fr": "Partielle"}, "score": 50, "status": "partially_met"},
        {"id": "compliance", "label": {"en": "Compliance", "fr": "Conformité"}, "score": 100, "status": "met"},
    ],
}
