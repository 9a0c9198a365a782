"""The assessment manifest (`servex.yaml` in the evidence folder).

Validated by its own schema, then against the criteria set and the plugins: unknown criteria,
collectors, parameters and loosened guardrails are errors with the manifest's line numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from servex import _clock
from servex._context import Period
from servex._contributions import Collector
from servex._criteria.model import CriteriaSet
from servex._engine import exceptions
from servex._errors import InvalidInputError, PluginError, Problem
from servex._record import record
from servex._schemas import validate
from servex._yamldoc import YamlDoc, load_yaml

__all__ = ["MANIFEST_NAME", "Manifest", "inside", "load_manifest"]

MANIFEST_NAME = "servex.yaml"


@record
class Manifest:
    doc: YamlDoc
    period: Period

    @property
    def data(self) -> Mapping[str, Any]:
        value: Mapping[str, Any] = self.doc.data
        return value

    def criteria_ref(self, evidence_dir: Path) -> str | list[str] | None:
        """The manifest's `criteria` (one set or a list): set ids, or files that must lie inside the folder.

        The manifest is the assessed organisation's, so it cannot point the grading at a file elsewhere
        (`../x.yaml`, an absolute path, a symlink leading out); a set from outside the folder comes from
        the command line (`--criteria`) or an installed plugin.
        """
        raw = self.data.get("criteria")
        listed = raw if isinstance(raw, list) else []
        refs = [raw] if isinstance(raw, str) else [r for r in listed if isinstance(r, str)]
        for index, ref in enumerate(refs):
            if not ("/" in ref or "\\" in ref or Path(ref).suffix):
                continue
            if not inside(evidence_dir, evidence_dir / ref) or Path(ref).is_absolute() or ".." in Path(ref).parts:
                where: tuple[str | int, ...] = ("criteria",) if isinstance(raw, str) else ("criteria", index)
                raise InvalidInputError(
                    [
                        self.doc.problem(
                            where,
                            "the criteria file must be inside the evidence folder; a set from elsewhere is "
                            "given with --criteria or installed as a plugin",
                        )
                    ]
                )
        if not refs:
            return None
        return refs[0] if isinstance(raw, str) else refs

    def check_against(self, cset: CriteriaSet, collectors: Mapping[str, Collector], plugin_failures: list[str]) -> None:
        """Cross-check with the criteria set and plugins; raises InvalidInputError or PluginError."""
        doc, data = self.doc, self.data
        problems: list[Problem] = []
        ids = {c.id: c for c in cset.criteria}
        for index, entry in enumerate(data.get("not_applicable") or []):
            if entry["criterion"] not in ids:
                problems.append(
                    doc.problem(("not_applicable", index, "criterion"), f"unknown criterion {entry['criterion']!r}")
                )
            elif ids[entry["criterion"]].required:
                problems.append(
                    doc.problem(
                        ("not_applicable", index, "criterion"),
                        f"{entry['criterion']} is required (a knock-out) and cannot be declared not applicable",
                    )
                )
        problems += exceptions.check(doc, data, ids)
        for cid, values in (data.get("parameters") or {}).items():
            if cid not in ids:
                problems.append(doc.problem(("parameters", cid), f"unknown criterion {cid!r}", key=True))
                continue
            for name, value in values.items():
                declared = ids[cid].parameters.get(name)
                if declared is None:
                    problems.append(
                        doc.problem(("parameters", cid, name), f"{cid} has no parameter {name!r}", key=True)
                    )
                elif (declared.stricter == "lower" and value > declared.value) or (
                    declared.stricter == "higher" and value < declared.value
                ):
                    problems.append(
                        doc.problem(
                            ("parameters", cid, name),
                            f"{cid}.{name} = {value:g} loosens the criterion's threshold {declared.value:g}; "
                            f"an organisation may only make it {'lower' if declared.stricter == 'lower' else 'higher'}",
                        )
                    )
        for index, obs in enumerate(data.get("observations") or []):
            criterion = ids.get(obs["criterion"])
            if criterion is None:
                problems.append(
                    doc.problem(("observations", index, "criterion"), f"unknown criterion {obs['criterion']!r}")
                )
            elif obs["requirement"] not in {r.id for r in criterion.evidence}:
                problems.append(
                    doc.problem(
                        ("observations", index, "requirement"),
                        f"{criterion.id} has no requirement {obs['requirement']!r}",
                    )
                )
        names: set[str] = set()
        missing: list[Problem] = []
        for index, source in enumerate(data.get("sources") or []):
            if source["name"] in names:
                problems.append(doc.problem(("sources", index, "name"), f"duplicate source name {source['name']!r}"))
            names.add(source["name"])
            collector = collectors.get(source["collector"])
            if collector is None:
                hint = f"; plugins that failed to load: {', '.join(plugin_failures)}" if plugin_failures else ""
                missing.append(
                    doc.problem(
                        ("sources", index, "collector"), f"no plugin provides collector {source['collector']!r}{hint}"
                    )
                )
                continue
            problems += validate(
                dict(collector.config_schema), doc, source.get("config") or {}, ("sources", index, "config")
            )
        if problems:
            raise InvalidInputError(problems)
        if missing:
            raise PluginError("\n".join(str(p) for p in missing))


def _default_period() -> Period:
    end = _clock.now().date().replace(day=1) - timedelta(days=1)
    start = date(end.year - 1, end.month, 1) + timedelta(days=31)
    return Period(start.replace(day=1), end)


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, symlinks followed, lies inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def load_manifest(evidence_dir: Path) -> Manifest:
    """Load and schema-check the manifest; a folder without one gets a minimal default.

    A manifest that is a symlink leading out of the folder is refused before a byte of it is read (the
    error never quotes what it points at); a FIFO or device is refused by the reader.
    """
    path = evidence_dir / MANIFEST_NAME
    if path.is_symlink() and not inside(evidence_dir, path):
        raise InvalidInputError(
            [Problem(str(path), None, None, "a symlink leading outside the evidence folder; refused")]
        )
    if not path.exists() and not path.is_symlink():
        period = _default_period()
        data = {
            "format_version": "1",
            "organisation": {"name": evidence_dir.resolve().name},
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        }
        return Manifest(YamlDoc(file=str(path), data=data), period)
    doc = load_yaml(path, display=str(path))
    problems = validate("manifest", doc)
    if problems:
        raise InvalidInputError(problems)
    start, end = date.fromisoformat(doc.data["period"]["start"]), date.fromisoformat(doc.data["period"]["end"])
    if end < start:
        raise InvalidInputError([doc.problem(("period", "end"), "the period ends before it starts")])
    return Manifest(doc, Period(start, end))


def manifest_path(evidence_dir: Path) -> Path:
    return evidence_dir / MANIFEST_NAME
