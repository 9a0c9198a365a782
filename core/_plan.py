"""The assessor's plan file: who does what by when, per criterion, for the report's action plan.

Why a file of its own rather than more manifest keys: the manifest is the organisation's (it comes with
the evidence and is untrusted), while owners, due dates, effort and priorities are agreed between the
assessor and the client after the assessment, often by someone who never sees the evidence folder. The
plan is given with `servex assess --plan PLAN.yaml` (relative to the working folder) or named by the
manifest's `plan:` key (a file inside the evidence folder); the command line wins.

The plan is validated like every input (schema `plan`, then each criterion against the graded sets, no
criterion twice), with `file:line:col` errors and exit 3, before any evidence is collected. What it
says is carried in the result as `action_plan`, so `servex report` renders the same plan later.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from servex._errors import InvalidInputError, Problem
from servex._manifest import Manifest, inside
from servex._schemas import validate
from servex._yamldoc import load_yaml

__all__ = ["load_plan", "plan_path"]

_PRIORITY = {"high": 1, "medium": 2, "low": 3, 1: 1, 2: 2, 3: 3}


def load_plan(path: Path, criteria_ids: Collection[str], display: str | None = None) -> list[dict[str, Any]]:
    """The plan's entries as the result carries them: `{criterion_id, owner, due, effort, priority, action}`
    (only the keys given; priority as 1-3), in the file's order."""
    name = display or str(path)
    if not path.is_file():
        raise InvalidInputError([Problem(name, None, None, "plan file not found")])
    doc = load_yaml(path, display=name)
    problems = validate("plan", doc)
    if problems:
        raise InvalidInputError(problems)
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, action in enumerate(doc.data.get("actions") or []):
        cid = action["criterion"]
        if cid not in criteria_ids:
            problems.append(doc.problem(("actions", index, "criterion"), f"unknown criterion {cid!r}"))
            continue
        if cid in seen:
            problems.append(doc.problem(("actions", index, "criterion"),
                                        f"{cid} is already planned in entry {seen[cid] + 1}"))
            continue
        seen[cid] = index
        entry: dict[str, Any] = {"criterion_id": cid}
        for key in ("owner", "effort", "action"):
            if isinstance(action.get(key), str) and action[key].strip():
                entry[key] = action[key].strip()
        if "due" in action:
            entry["due"] = str(action["due"])
        if "priority" in action:
            entry["priority"] = _PRIORITY[action["priority"]]
        entries.append(entry)
    if problems:
        raise InvalidInputError(problems)
    return entries


def plan_path(given: Path | None, manifest: Manifest, evidence_dir: Path) -> tuple[Path, str] | None:
    """The plan to read and the name to report it by: the command line's, else the manifest's `plan:`,
    which must stay inside the evidence folder like every path the manifest names."""
    if given is not None:
        return given, str(given)
    ref = manifest.data.get("plan")
    if not isinstance(ref, str):
        return None
    path = evidence_dir / ref
    if Path(ref).is_absolute() or ".." in Path(ref).parts or not inside(evidence_dir, path):
        raise InvalidInputError([manifest.doc.problem(("plan",), "the plan file must be inside the evidence "
                                                      "folder; a plan from elsewhere is given with --plan")])
    return path, str(path)
