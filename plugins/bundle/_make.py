"""Build an audit bundle: the result (given, or assessed now), reports rendered from it, the criteria
set files as used, and the SHA-256 of every evidence file, optionally with copies of the files.

Layout of the archive (all paths POSIX):

    servex-bundle.json        what the bundle holds, each member with its SHA-256 (see docs/bundle.md)
    result.json               the result, byte for byte as servex wrote it
    reports/<format><suffix>  reports rendered from result.json (md.md, html.html, oscal.json...)
    criteria/<file>.yaml      each criteria set graded, under its own file name
    evidence/<path>           copies of the evidence files (--with-evidence only)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import InvalidInputError, RenderOptions, __version__, dumps_result, sha256_bytes
from servex.plugins.bundle._archive import write_zip
from servex.plugins.bundle._files import EvidenceFile, list_evidence, sha256_path

__all__ = ["BUNDLE_FORMAT", "MANIFEST", "Bundled", "criteria_files", "make_bundle", "other_criteria", "stale_evidence"]

BUNDLE_FORMAT = "1"
MANIFEST = "servex-bundle.json"
_FILE_COLLECTORS = ("documents", "datasets", "questionnaires")


@dataclass
class Bundled:
    """What was written, for the command's summary."""

    path: Path
    sha256: str
    evidence: list[EvidenceFile] = field(default_factory=list)
    members: int = 0


def criteria_files(refs: Sequence[str], evidence_dir: Path, plugins: Any) -> list[tuple[str, Path]]:
    """Each criteria reference with the file it names (an installed set's own file, or a path)."""
    from servex._criteria.registry import CriteriaRegistry

    installed = {entry.id: entry.path.name for entry in CriteriaRegistry(plugins).entries()}
    shipped = [Path(path) for _plugin, path in plugins.criteria_set_paths()]
    found = []
    for ref in refs:
        if ref in installed:
            found.append((ref, _shipped_file(ref, installed[ref], shipped)))
            continue
        path = Path(ref) if Path(ref).is_absolute() else evidence_dir / ref
        if not path.is_file():
            raise InvalidInputError(f"criteria set {ref!r} not found (neither installed nor a file)")
        found.append((ref, path))
    return found


def _shipped_file(set_id: str, name: str, shipped: Sequence[Path]) -> Path:
    """The file an installed set was read from (the registry keeps only its name for display)."""
    from servex import load_yaml

    candidates = [p for p in shipped if p.name == name]
    for path in candidates:
        data = load_yaml(path, display=path.name, trusted=True).data if len(candidates) > 1 else {"id": set_id}
        if isinstance(data, Mapping) and data.get("id") == set_id:
            return path
    raise InvalidInputError(f"criteria set {set_id!r}: its file cannot be found among the installed plugins")


def other_criteria(result: Mapping[str, Any], refs: Sequence[str], evidence_dir: Path, plugins: Any) -> str | None:
    """Why the result was not graded against `refs` (they would not re-grade to it), or None."""
    from servex._criteria.registry import CriteriaRegistry

    cset = CriteriaRegistry(plugins).load_many(list(refs), base_dir=evidence_dir)
    graded = result.get("criteria_set") or {}
    if graded.get("sha256") == cset.sha256:
        return None
    return (f"graded against criteria set {graded.get('id')} {graded.get('version')}, not {cset.id} {cset.version} "
            f"as given now ({', '.join(refs)}); give the same --criteria")


def stale_evidence(result: Mapping[str, Any], files: Sequence[EvidenceFile]) -> list[str]:
    """Evidence files whose SHA-256 differs from what the result cites: the result is not of this folder."""
    now = {f.path: f.sha256 for f in files}
    stale = []
    for item in result.get("evidence") or []:
        prov = item.get("provenance") or {}
        source, cited = str(prov.get("source") or ""), str(prov.get("sha256") or "")
        # an item that points into a file (an observation of the manifest, a row) may carry the hash of
        # that part rather than of the whole file: only whole-file items are compared with the file
        whole_file = not str(prov.get("locator") or "")
        if source in now and now[source] != cited and whole_file:
            stale.append(f"{source} (sha256 {cited[:12]}… in the result, {now[source][:12]}… now)")
        elif source and source not in now and "://" not in source and prov.get("collector") in _FILE_COLLECTORS:
            stale.append(f"{source} (cited by the result, no longer in the folder)")
    return sorted(set(stale))


def _criteria_members(files: Sequence[tuple[str, Path]]) -> list[tuple[str, str, bytes]]:
    """(ref, archive name, content): under the file's own name, which the result records as `source`."""
    taken: set[str] = set()
    members = []
    for index, (ref, path) in enumerate(files, start=1):
        name = f"criteria/{path.name}"
        if name in taken:
            name = f"criteria/{index}/{path.name}"
        taken.add(name)
        members.append((ref, name, path.read_bytes()))
    return members


def make_bundle(
    target: Path,
    evidence_dir: Path,
    result: Mapping[str, Any],
    result_bytes: bytes,
    *,
    refs: Sequence[str],
    plugins: Any,
    report_formats: Sequence[str],
    lang: str,
    with_evidence: bool,
    baseline: bytes | None = None,
) -> Bundled:
    files = list_evidence(evidence_dir)
    formats = plugins.report_formats()
    members: list[tuple[str, bytes | Path]] = [("result.json", result_bytes)]
    reports = []
    for name in report_formats:
        fmt = formats[name]
        data = fmt.render(result, RenderOptions(lang=lang))
        member = f"reports/{name}{fmt.suffix}"
        members.append((member, data))
        reports.append({"format": name, "path": member, "sha256": sha256_bytes(data), "lang": lang})
    criteria = []
    for ref, member, data in _criteria_members(criteria_files(refs, evidence_dir, plugins)):
        members.append((member, data))
        criteria.append({"ref": ref, "path": member, "sha256": sha256_bytes(data)})
    if baseline is not None:  # what 'since the last assessment' was measured against, so verify can prove it
        members.append(("baseline.json", baseline))
    if with_evidence:
        for item in files:
            copy = evidence_dir / item.path
            if sha256_path(copy) != item.sha256:  # changed while bundling: never ship a copy the list contradicts
                raise InvalidInputError(f"{copy}: changed while it was being bundled; bundle again")
            members.append((f"evidence/{item.path}", copy))
    manifest = {
        "format": "servex-bundle",
        "format_version": BUNDLE_FORMAT,
        "servex_version": __version__,
        "result": {"path": "result.json", "sha256": sha256_bytes(result_bytes), "id": result.get("id"),
                   "generated_at": result.get("generated_at"), "lang": result.get("lang")},
        "criteria": criteria,
        **({"baseline": {"path": "baseline.json", "sha256": sha256_bytes(baseline)}} if baseline is not None else {}),
        "reports": reports,
        "evidence": {"copies": with_evidence, "files": [f.to_json() for f in files]},
    }
    members.append((MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")))
    write_zip(target, members, str(result.get("generated_at") or ""))
    return Bundled(target, sha256_path(target), files, len(members))


def dumps(result: Mapping[str, Any]) -> bytes:
    return dumps_result(result).encode("utf-8")
