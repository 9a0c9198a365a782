"""Find answer files, read each in its format, and yield one evidence item per file.

YAML/JSON answers and XLSForm (Kobo/ODK) exports under `answers/` are read without configuration, as
before; CSV exports of survey tools need a `files:` entry in the manifest, because only the assessor
knows which column asks which question. An unfinished terminal interview (`*.partial`) never counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from servex import (
    CollectContext,
    EvidenceItem,
    InvalidInputError,
    Provenance,
    evidence_id,
    parse_yaml,
    read_input,
    sha256_bytes,
)
from servex.plugins.questionnaires._answers import entries
from servex.plugins.questionnaires._repeats import Repeats

__all__ = ["collect"]

NAME = "questionnaires"
_MANIFEST = "servex.yaml"
_MEDIA = {
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
}


def _read_yaml(data: bytes, path: Path, rel: str, ctx: CollectContext) -> Mapping[str, Any] | None:
    """The parsed file, through servex's YAML reader and its limits (size, aliases, nesting)."""
    try:
        text = data.decode("utf-8-sig")
        parsed = json.loads(text) if path.suffix.lower() == ".json" else parse_yaml(text, rel).data
    except (UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", None)  # json.JSONDecodeError knows its line
        ctx.error(f"not a readable answers file: {str(exc).splitlines()[0]}", file=rel, line=line)
        return None
    except RecursionError:
        ctx.error("not a readable answers file: nested too deeply", file=rel)
        return None
    except InvalidInputError as exc:
        for problem in exc.problems:
            ctx.error(f"not a readable answers file: {problem.message}", file=rel, line=problem.line)
        return None
    if not isinstance(parsed, Mapping) or not isinstance(parsed.get("responses"), list):
        ctx.error("an answers file needs a 'responses' list", file=rel, field="responses")
        return None
    return parsed


def _version_ok(found: Any, rel: str, ctx: CollectContext, line: int | None = None, field: str = "") -> None:
    if found not in (None, "") and str(found) != ctx.criteria_set.version:
        ctx.warn(
            f"answers were given to version {found} of the questions; this set is "
            f"{ctx.criteria_set.version}; check that the questions still mean the same",
            file=rel,
            line=line,
            field=field,
        )


def _responses(path: Path, data: bytes, rel: str, spec: Mapping[str, Any], ctx: CollectContext) -> list[Any] | None:
    """The file's responses in the YAML shape; None when the whole file is unusable (already reported)."""
    fmt = spec.get("format")
    if fmt is None and path.suffix.lower() in (".yaml", ".yml", ".json"):
        parsed = _read_yaml(data, path, rel, ctx)
        if parsed is None:
            return None
        if parsed.get("criteria_set") not in (None, ctx.criteria_set.id):
            ctx.warn(
                f"answers are for criteria set {parsed.get('criteria_set')!r}, not {ctx.criteria_set.id!r}; ignored",
                file=rel,
                field="criteria_set",
            )
            return None
        _version_ok(parsed.get("criteria_version"), rel, ctx, field="criteria_version")
        return list(parsed["responses"])
    from servex.plugins.questionnaires._tabular import read_table, responses_from_table

    table = read_table(path, data, rel, spec, ctx)
    if table is None:
        return None
    _version_ok(spec.get("criteria_version"), rel, ctx, field="criteria_version")
    return responses_from_table(table, rel, {"format": "xlsform", **spec}, ctx)


def _item(rel: str, data: bytes, media: str, found: list[dict[str, Any]], ctx: CollectContext) -> EvidenceItem:
    dates = sorted(e["date"] for e in found if e["date"])
    people = len({e["respondent"] for e in found})
    return EvidenceItem(
        id=evidence_id(NAME, rel),
        kind="answers",
        title=f"Questionnaire answers: {rel} ({people} respondents)",
        provenance=Provenance(
            NAME,
            rel,
            sha256_bytes(data),
            len(data),
            media,
            ctx.collected_at,
            dates[0] if dates else None,
            dates[-1] if dates else None,
        ),
        attributes={"respondents": people, "answers": len(found), "roles": sorted({e["role"] for e in found})},
        payload=found,
    )


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _planned(ctx: CollectContext) -> list[tuple[Path, Mapping[str, Any]]]:
    """Configured files first, then the scanned folder's files not configured (CSV only when configured)."""
    listed = [(ctx.evidence_dir / str(spec["path"]), spec) for spec in ctx.config.get("files") or []]
    taken = {path.resolve() for path, _ in listed}
    folder = ctx.config.get("folder", "answers")
    scanned: list[tuple[Path, Mapping[str, Any]]] = []
    if folder is not None and not _inside(ctx.evidence_dir, ctx.evidence_dir / str(folder)):
        # never list, walk or name what lies outside the folder the organisation handed in
        ctx.error("the answers folder must be inside the evidence folder; not scanned", file=_MANIFEST, field="folder")
    elif folder is not None and (ctx.evidence_dir / str(folder)).is_dir():
        # not only regular files: a FIFO or device is named and refused by the reader, never skipped silently
        for path in sorted(p for p in (ctx.evidence_dir / str(folder)).rglob("*") if not p.is_dir()):
            suffix = path.suffix.lower()
            if path.resolve() in taken or suffix not in _MEDIA or path.name.startswith((".", "~$")):
                continue
            if suffix == ".csv":
                ctx.warn(
                    "a CSV export needs a `files:` entry (format, role, mapping) in the manifest's "
                    "questionnaires source; ignored",
                    file=path.relative_to(ctx.evidence_dir).as_posix(),
                )
                continue
            scanned.append((path, {"format": "xlsform"} if suffix == ".xlsx" else {}))
    return listed + scanned


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    root = ctx.evidence_dir.resolve()
    repeats = Repeats()  # a response met in an earlier file is not counted again (see _repeats)
    for path, spec in _planned(ctx):
        rel = path.relative_to(ctx.evidence_dir).as_posix() if path.is_relative_to(ctx.evidence_dir) else str(path)
        if not path.resolve().is_relative_to(root):
            ctx.error("leads outside the evidence folder; ignored", file=rel)
            continue
        if not path.exists():
            ctx.error("answers file named in the manifest is missing", file=rel)
            continue
        setting = "SERVEX_MAX_YAML_MB" if path.suffix.lower() in (".yaml", ".yml", ".json") else "SERVEX_MAX_ANSWERS_MB"
        try:
            data = read_input(path, rel, setting)  # a regular file within its limit: no FIFO, no device
            responses = _responses(path, data, rel, spec, ctx)
            if responses is None:
                continue
            found = entries(responses, rel, ctx, repeats)
        except InvalidInputError as exc:
            for problem in exc.problems:
                ctx.error(problem.message, file=rel, line=problem.line)
            continue
        except RecursionError:  # one file's problem: the other answers files still count
            ctx.error("not a readable answers file: nested too deeply", file=rel)
            continue
        yield _item(rel, data, _MEDIA.get(path.suffix.lower(), "application/octet-stream"), found, ctx)
