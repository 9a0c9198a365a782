"""`servex verify`: re-check every hash of a bundle and re-grade offline from it.

Order: the bundle's own members against its manifest (result, reports, criteria files), then the
evidence (the copies in the bundle, or a folder given with --evidence) file by file, then a re-grade of
that evidence with the bundled criteria files, offline, at the result's own time (SOURCE_DATE_EPOCH),
in the result's language; the re-graded result must be byte-identical to the bundled one. Each problem
is one line naming the file; any problem fails the check (exit 1).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import ExitCode, InvalidInputError, ServexError, dumps_result, sha256_bytes
from servex.plugins.bundle._archive import BundleReader
from servex.plugins.bundle._files import list_evidence
from servex.plugins.bundle._make import MANIFEST

__all__ = ["Verified", "VerifyFailed", "regrade_differences", "verify_bundle"]

_MAX_LINES = 20
_MEMBER = {"type": "object", "required": ["path", "sha256"],
           "properties": {"path": {"type": "string"}, "sha256": {"type": "string"}}}
_SCHEMA = {
    "type": "object",
    "required": ["format", "format_version", "result", "evidence"],
    "properties": {
        "format": {"const": "servex-bundle"},
        "format_version": {"const": "1"},
        "result": _MEMBER,
        "baseline": _MEMBER,
        "criteria": {"type": "array", "items": _MEMBER},
        "reports": {"type": "array", "items": _MEMBER},
        "evidence": {"type": "object", "required": ["copies", "files"],
                     "properties": {"copies": {"type": "boolean"}, "files": {"type": "array", "items": _MEMBER}}},
    },
}


class VerifyFailed(ServexError):
    """The bundle does not verify: one line per tampered, missing or unexpected file or changed grade."""

    exit_code = ExitCode.GAPS_FOUND

    def __init__(self, problems: Sequence[str]) -> None:
        from servex._errors import printable

        self.problems = [printable(p) for p in problems]  # a file name must not start a forged line
        shown = self.problems[:_MAX_LINES]
        if len(self.problems) > _MAX_LINES:
            shown.append(f"... and {len(self.problems) - _MAX_LINES} more")
        super().__init__("\n".join(shown))


@dataclass
class Verified:
    evidence_files: int
    result_sha256: str
    bundle_sha256: str
    notes: list[str] = field(default_factory=list)


def _manifest(reader: BundleReader) -> Mapping[str, Any]:
    if MANIFEST not in reader.sizes:
        raise InvalidInputError(f"{reader.path}: not a servex bundle (no {MANIFEST})")
    try:
        data: Any = json.loads(reader.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInputError(f"{reader.path}: {MANIFEST} is not valid JSON ({exc})") from None
    import jsonschema

    for problem in jsonschema.Draft202012Validator(_SCHEMA).iter_errors(data):
        where = "/".join(str(p) for p in problem.absolute_path) or "top level"
        raise InvalidInputError(f"{reader.path}: {MANIFEST} is not a servex bundle manifest (at {where}: "
                                f"{problem.message[:200]})")
    return dict(data)


def _members(reader: BundleReader, manifest: Mapping[str, Any]) -> list[str]:
    problems = []
    entries = [manifest["result"], *(manifest.get("criteria") or []), *(manifest.get("reports") or [])]
    if "baseline" in manifest:
        entries.append(manifest["baseline"])
    for entry in entries:
        name = str(entry.get("path") or "")
        if name not in reader.sizes:
            problems.append(f"missing: {name} (listed in the bundle manifest, not in the archive)")
        elif sha256_bytes(reader.read(name)) != entry.get("sha256"):
            problems.append(f"tampered: {name} (its sha256 differs from the bundle manifest)")
    return problems


def _evidence(folder: Path, files: Sequence[Mapping[str, Any]], shown: str) -> list[str]:
    """Each listed file present with its sha256, and nothing else; `shown` prefixes the paths named."""
    listed = {str(f.get("path")): str(f.get("sha256")) for f in files}
    present = {f.path: f.sha256 for f in list_evidence(folder)}
    problems = []
    for path, sha in sorted(listed.items()):
        if path not in present:
            problems.append(f"missing: {shown}{path} (listed in the bundle manifest)")
        elif present[path] != sha:
            problems.append(f"tampered: {shown}{path} (sha256 {present[path][:12]}…, the bundle says {sha[:12]}…)")
    problems += [f"unexpected: {shown}{p} (not in the bundle manifest)" for p in sorted(set(present) - set(listed))]
    return problems


@contextlib.contextmanager
def _epoch(stamp: str) -> Iterator[None]:
    """SOURCE_DATE_EPOCH at the result's own time, so the re-grade stamps the same moment."""
    moment = _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def regrade_differences(bundled: Mapping[str, Any], again: Mapping[str, Any]) -> list[str]:
    """What differs between the bundled result and the re-graded one, criterion by criterion first."""
    lines = []
    collected = {s.get("name"): s for s in bundled.get("sources") or []}
    for source in again.get("sources") or []:
        old = collected.get(source.get("name")) or {}
        if source.get("status") == "failed" and old.get("status") != "failed":
            lines.append(f"re-graded: source {source.get('name')} could not be collected offline "
                         f"({source.get('error') or 'failed'}); an API source needs its cache (--cache-dir)")
    before = {f["criterion_id"]: f for f in bundled.get("findings") or []}
    for finding in again.get("findings") or []:
        old = before.pop(finding["criterion_id"], None)
        if old is None:
            lines.append(f"re-graded: {finding['criterion_id']} is new ({finding['status']})")
        elif (old.get("status"), old.get("score")) != (finding.get("status"), finding.get("score")):
            lines.append(f"re-graded: {finding['criterion_id']} {old.get('status')} ({old.get('score')}) in the "
                         f"bundle, {finding.get('status')} ({finding.get('score')}) now")
    lines += [f"re-graded: {cid} is no longer graded" for cid in sorted(before)]
    for key in sorted(set(bundled) | set(again)):
        if key != "findings" and bundled.get(key) != again.get(key):
            lines.append(f"re-graded: the result's {key!r} differs" + (
                " (plugin versions: " + ", ".join(f"{p['name']} {p['version']}" for p in again.get(key) or []) + ")"
                if key == "plugins" else ""))
    return lines or ["re-graded: the result's bytes differ"]


def _regrade(folder: Path, criteria: Sequence[Path], bundled: Mapping[str, Any], plugins: Any,
             cache_dir: Path) -> dict[str, Any]:
    from servex._assess import assess

    with _epoch(str(bundled.get("generated_at") or "")):
        run = assess(folder, plugins, criteria=[str(p) for p in criteria], lang=str(bundled.get("lang") or "en"),
                     fail_on="never", offline=True, cache_dir=cache_dir)
    return run.result


def verify_bundle(path: Path, plugins: Any, *, evidence: Path | None, cache_dir: Path | None) -> Verified:
    reader = BundleReader(path)
    manifest = _manifest(reader)
    problems = _members(reader, manifest)
    if problems:  # the result or criteria cannot be trusted: nothing to re-grade against
        raise VerifyFailed(problems)
    files = manifest["evidence"]["files"]
    copies = sorted(n for n in reader.names() if n.startswith("evidence/"))
    if evidence is None and not manifest["evidence"].get("copies"):
        from servex._cli.checks import CliUsageError

        raise CliUsageError(f"{path} holds no copies of the evidence; give the evidence folder with --evidence DIR")
    result_bytes = reader.read(manifest["result"]["path"])
    try:
        bundled = json.loads(result_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInputError(f"{path}: result.json is not valid JSON ({exc})") from None
    with tempfile.TemporaryDirectory(prefix="servex-verify-") as tmp:
        work = Path(tmp)
        folder = evidence
        if folder is None:
            folder = work / "evidence"
            folder.mkdir()
            for name in copies:
                reader.extract(name, folder / name.removeprefix("evidence/"))
        problems = _evidence(folder, files, "evidence/" if evidence is None else f"{evidence}/")
        if problems:
            raise VerifyFailed(problems)
        criteria = []
        for entry in manifest.get("criteria") or []:
            target = work / entry["path"]
            reader.extract(entry["path"], target)
            criteria.append(target)
        again = _regrade(folder, criteria, bundled, plugins, cache_dir or work / "cache")
        if "baseline" in manifest:  # the section 'since the last assessment', recomputed from the bundled baseline
            from servex import compare_results

            again["since_baseline"] = compare_results(json.loads(reader.read(manifest["baseline"]["path"])), again)
    if dumps_result(again).encode("utf-8") != result_bytes:
        raise VerifyFailed(regrade_differences(bundled, again))
    from servex.plugins.bundle._files import sha256_path

    return Verified(len(files), sha256_bytes(result_bytes), sha256_path(path))
