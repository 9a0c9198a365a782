"""Where an interview in progress lives, and how a finished one joins the answers file.

Progress goes to a side file, `<output>.partial`, never to the answers file itself: the collector picks
files by suffix (`.yaml`, `.yml`, `.json`, `.xlsx`), so an interview that stopped halfway can never be counted by
mistake, even when the output is inside `answers/`. Every write is atomic (temporary file, then
`os.replace`), so Ctrl-C at any moment leaves either the previous or the new progress, never half.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from servex import CriteriaSet, InvalidInputError, write_atomic

__all__ = [
    "Progress",
    "existing_answers",
    "finish",
    "load_progress",
    "partial_path",
    "save_progress",
]


@dataclass
class Progress:
    """One respondent's interview so far; `position` indexes the questions asked of their role."""

    role: str | None = None
    name: str | None = None
    date: str | None = None
    position: int = 0
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(a) for a in self.answers.values())


def partial_path(output: Path) -> Path:
    return output.with_name(output.name + ".partial")


def _document(cset: CriteriaSet, responses: list[Any], **extra: Any) -> str:
    body = {"format_version": "1", "criteria_set": cset.id, "criteria_version": cset.version, **extra}
    body["responses"] = responses
    return yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def _response(progress: Progress, rid: str) -> dict[str, Any]:
    return {
        "respondent": {"id": rid, "name": progress.name or "", "role": progress.role or ""},
        "answered_at": progress.date or "",
        "answers": {cid: dict(a) for cid, a in progress.answers.items() if a},
    }


def save_progress(path: Path, cset: CriteriaSet, progress: Progress, options: Mapping[str, Any]) -> None:
    """The partial file is an answers document too (readable, diffable) with a `fill:` section."""
    state = {**options, "position": progress.position, "skipped": progress.skipped}
    write_atomic(path, _document(cset, [_response(progress, "in-progress")], fill=state))


def load_progress(path: Path, cset: CriteriaSet, options: Mapping[str, Any]) -> Progress | None:
    """The saved interview, or None. Raises when it was started for another set or other options."""
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        state = data["fill"]
        response = data["responses"][0]
    except (yaml.YAMLError, KeyError, IndexError, TypeError, UnicodeDecodeError):
        raise InvalidInputError(f"{path}: not a readable interview in progress; delete it to start again") from None
    started = {"criteria_set": data.get("criteria_set"), **{k: state.get(k) for k in options}}
    wanted = {"criteria_set": cset.id, **options}
    if started != wanted:
        diff = ", ".join(f"{k}={started[k]}" for k in wanted if started[k] != wanted[k])
        raise InvalidInputError(f"{path} was started with {diff}; rerun with those options or delete it")
    who = response.get("respondent") or {}
    return Progress(
        role=who.get("role") or None,
        name=who.get("name") or None,
        date=str(response.get("answered_at") or "") or None,
        position=int(state.get("position") or 0),
        answers={str(c): dict(a) for c, a in (response.get("answers") or {}).items()},
        skipped=list(state.get("skipped") or []),
    )


def existing_answers(output: Path, cset: CriteriaSet) -> list[Any]:
    """The responses already in the output file, which the new one joins (one file per survey round)."""
    if not output.exists():
        return []
    try:
        data = yaml.safe_load(output.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{output}: not a readable answers file ({exc}); choose another -o") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("responses"), list):
        raise InvalidInputError(f"{output}: not an answers file (no 'responses' list); choose another -o")
    if data.get("criteria_set") not in (None, cset.id):
        raise InvalidInputError(f"{output} holds answers to {data.get('criteria_set')}, not {cset.id}")
    return list(data["responses"])


def finish(output: Path, cset: CriteriaSet, progress: Progress) -> str:
    """Append the response to the output file (atomically), remove the partial file; the respondent id."""
    responses = existing_answers(output, cset)
    taken = {str((r.get("respondent") or {}).get("id")) for r in responses if isinstance(r, Mapping)}
    from servex.plugins.questionnaires._coerce import norm

    base = re.sub(r"[^a-z0-9]+", "-", norm(progress.name or "respondent")).strip("-") or "respondent"
    rid, n = base, 1
    while rid in taken:
        n += 1
        rid = f"{base}-{n}"
    write_atomic(output, _document(cset, [*responses, _response(progress, rid)]))
    partial_path(output).unlink(missing_ok=True)
    return rid
