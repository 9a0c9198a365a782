"""Build the result JSON (the source of truth every report renders from) and write files atomically.

Determinism: ids are derived from content (uuid5), lists are sorted, timestamps come from the run clock
(`SOURCE_DATE_EPOCH`), and JSON is written with sorted keys, so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from servex.__about__ import __version__
from servex._collect import Collection
from servex._context import LogEntry, Period
from servex._contributions import RequirementOutcome
from servex._criteria.fingerprint import definition_sha256
from servex._criteria.model import CriteriaSet, Criterion
from servex._engine.criterion import Grade, grade_as_json
from servex._engine.levels import grade_elements, grade_levels, readiness
from servex._errors import OutputError
from servex._text import as_text

__all__ = ["RESULT_FORMAT_VERSION", "build_result", "dumps", "write_atomic"]

RESULT_FORMAT_VERSION = "1"
_NS = uuid.UUID("6f1c3a52-2d7e-4d0b-9a57-1f1d6f7c9e21")


def _requirement_json(criterion: Criterion, outcomes: Mapping[str, RequirementOutcome]) -> list[dict[str, Any]]:
    out = []
    for req in criterion.evidence:
        outcome = outcomes.get(req.id)
        out.append(
            {
                "id": req.id,
                "type": req.type,
                "role": req.role,
                "description": req.description,
                "state": outcome.state if outcome else None,
                "message": as_text(outcome.message) if outcome else None,
                "evidence_ids": sorted(outcome.evidence_ids) if outcome else [],
                "details": dict(outcome.details) if outcome else {},
                "gap": as_text(outcome.gap) if outcome and outcome.gap else None,
            }
        )
    return out


def _finding(
    cset: CriteriaSet,
    org: str,
    criterion: Criterion,
    outcomes: Mapping[str, RequirementOutcome],
    grade: Grade,
    params: Mapping[str, float],
) -> dict[str, Any]:
    evidence_ids = sorted({eid for o in outcomes.values() for eid in o.evidence_ids})
    return {
        "id": str(uuid.uuid5(_NS, f"{cset.id}/{criterion.id}/{org}")),
        "criterion_id": criterion.id,
        "level": criterion.level,
        "elements": list(criterion.elements),
        "title": criterion.title,
        "statement": criterion.statement,
        "guidance": criterion.guidance,
        "weight": criterion.weight,
        "required": criterion.required,
        "scale": criterion.scale,
        **grade_as_json(grade),
        "evidence_ids": evidence_ids,
        "requirements": _requirement_json(criterion, outcomes),
        "parameters": dict(sorted(params.items())),
        "definition_sha256": definition_sha256(criterion),
        "recommendation": criterion.recommendation if grade.status not in ("met", "not_applicable") else None,
        "rubric": criterion.rubric.as_json() if criterion.rubric else None,
        "not_applicable_justification": grade.rationale[0]["en"].split(": ", 1)[1]
        if grade.status == "not_applicable"
        else None,
    }


def _model_json(cset: CriteriaSet) -> dict[str, Any]:
    return {
        "levels": [
            {"id": lv.id, "name": lv.name, "description": lv.description, "requires": lv.requires} for lv in cset.levels
        ],
        "dimensions": [dict(d) for d in cset.dimensions],
        "elements": [{"id": e.id, "dimension": e.dimension, "name": e.name} for e in cset.elements],
        "verdict_bands": [{"verdict": b.verdict, "min": b.min, "label": b.label} for b in cset.verdict_bands],
        "achieve_verdict": cset.achieve_verdict,
        "knockout_cap": cset.knockout_cap,
        "scales": {
            name: {
                "title": s.title,
                "values": [{"id": v.id, "label": v.label, "score": v.score, "status": v.status} for v in s.values],
            }
            for name, s in cset.scales.items()
        },
        "references": [dict(r) for r in cset.references],
    }


def build_result(
    *,
    cset: CriteriaSet,
    manifest: Mapping[str, Any],
    period: Period,
    lang: str,
    generated_at: str,
    plugin_versions: Sequence[Mapping[str, str]],
    collection: Collection,
    graded: Sequence[tuple[Criterion, dict[str, RequirementOutcome], Grade, dict[str, float]]],
    log: Sequence[LogEntry],
    profile: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    org = manifest["organisation"]["name"]
    findings = [_finding(cset, org, c, o, g, p) for c, o, g, p in graded]
    if profile is not None:  # only then, so a run without a profile keeps its bytes
        for finding in findings:
            finding["profile_adjustments"] = [
                a for a in profile["adjustments"] if a["criterion"] == finding["criterion_id"]
            ]
    best = {c.id: max(v.score for v in cset.scales[c.scale].values) for c, *_ in graded}
    levels = grade_levels(cset, findings, best)
    elements, dimensions = grade_elements(cset, findings)
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding["status"]] = counts.get(finding["status"], 0) + 1
    evidence = [item.to_json() for item in collection.items]
    identity = json.dumps(
        [
            cset.sha256,
            *([profile["sha256"], manifest.get("commitments") or {}] if profile is not None else []),
            org,
            period.start.isoformat(),
            period.end.isoformat(),
            [e["provenance"]["sha256"] for e in evidence],
        ]
    )
    na = [
        {"criterion_id": e["criterion"], "justification": e["justification"], "approved_by": e.get("approved_by")}
        for e in manifest.get("not_applicable") or []
    ]
    return {
        "$schema": "https://servex.dev/schemas/result-1.json",
        "format_version": RESULT_FORMAT_VERSION,
        "id": str(uuid.uuid5(_NS, identity)),
        "generated_at": generated_at,
        "lang": lang,
        "tool": {"name": "servex", "version": __version__},
        "plugins": list(plugin_versions),
        "criteria_set": {
            "id": cset.id,
            "version": cset.version,
            "sha256": cset.sha256,
            "title": cset.title,
            "description": cset.description,
            "source": Path(cset.source).name,
        },
        "model": _model_json(cset),
        "organisation": dict(manifest["organisation"]),
        "assessor": dict(manifest.get("assessor") or {}),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "sources": collection.sources,
        "evidence": evidence,
        "findings": findings,
        "levels": levels,
        "elements": elements,
        "dimensions": dimensions,
        "readiness": readiness(cset, levels, findings),
        "not_applicable": sorted(na, key=lambda e: e["criterion_id"]),
        "statistics": {
            "criteria": len(findings),
            "counts_by_status": dict(sorted(counts.items())),
            "evidence_items": len(evidence),
            "errors": sum(1 for e in log if e.level == "error"),
            "warnings": sum(1 for e in log if e.level == "warning"),
        },
        "log": [e.to_json() for e in log],
        **({"profile": dict(profile)} if profile is not None else {}),
    }


def dumps(result: Mapping[str, Any]) -> str:
    from servex._jsonindent import dumps_indented  # json.dumps(indent=2, sort_keys=True), same bytes, faster

    return dumps_indented(result) + "\n"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _special(path: Path) -> bool:
    """A device, pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO): written to, never replaced.

    Renaming a temporary file over `/dev/null` would, as root, replace the device with a regular file.
    The standard streams are streams however they resolve (`/dev/stdout` may be a redirected file, and
    renaming over it would replace the link, not write to the file).
    """
    name = str(path)
    if name in ("/dev/stdout", "/dev/stderr") or name.startswith(("/dev/fd/", "/proc/self/fd/")):
        return True
    try:
        return not stat.S_ISREG(path.stat().st_mode) and not stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _write_directly(path: Path, payload: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half a file.

    Devices, pipes and sockets are written to directly instead (see `_special`).
    mkstemp creates files readable by the owner only; a report is meant to be shared, so the file gets
    the mode a plain `open()` would give it (0666 less the umask). A path that cannot be written (no
    permission, a file where a folder should be) is the user's to fix: one line, exit 2, no traceback.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _special(path):
        _write_directly(path, payload)
        return
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
