"""Finds criteria sets and KPI definitions contributed by plugins, by id or by path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from servex._criteria.compose import combine_sets, compose_criteria, flatten_parent, is_set
from servex._criteria.loader import build_set, merge_model
from servex._criteria.model import CriteriaSet
from servex._errors import InvalidInputError, Problem
from servex._plugins import Plugins
from servex._record import frozen
from servex._schemas import validate
from servex._yamldoc import YamlDoc, load_yaml

__all__ = ["CriteriaRegistry", "SetEntry"]


@frozen
class SetEntry:
    id: str
    version: str
    kind: str
    title: Mapping[str, str]
    path: Path
    plugin: str
    criteria_count: int


def _set_id(path: Path) -> str | None:
    """The `id:` of a shipped set file, remembered by the file's content hash (parsed only when new)."""
    from servex import _filecache

    try:
        key = _filecache.key_of("criteria-id", _filecache.file_sha256(path))
    except OSError:
        key = None
    cached = _filecache.get("criteria-id", key) if key else None
    if isinstance(cached, list) and len(cached) == 1:
        return cached[0] if isinstance(cached[0], str) else None
    doc = load_yaml(path, display=path.name, trusted=True)  # shipped by an installed plugin
    set_id = doc.data.get("id") if isinstance(doc.data, Mapping) else None
    set_id = set_id if isinstance(set_id, str) else None
    if key:
        _filecache.put("criteria-id", key, [set_id])
    return set_id


class CriteriaRegistry:
    """Everything the plugins offer: criteria sets, models and KPI definitions."""

    def __init__(self, plugins: Plugins) -> None:
        self._plugins = plugins
        self._paths: dict[str, tuple[str, Path]] = {}
        self._docs: dict[str, tuple[str, YamlDoc]] = {}
        self._kpis: dict[str, Mapping[str, Any]] | None = None
        self._kpi_origin: dict[str, str] = {}
        self._indexed = False
        self._loading: set[str] = set()

    def _index(self) -> None:
        """Which plugin offers which set id. Only a file's id and kind are read here (from the user cache
        when its bytes were seen before): a run parses just the sets it grades and their parents."""
        if self._indexed:
            return
        self._indexed = True
        plugins = self._plugins
        plugins.collectors(), plugins.evaluators()  # so plugins whose collectors or types clash are known
        for plugin, path in plugins.criteria_set_paths():
            set_id = _set_id(path)
            if set_id is None:
                continue
            owner = self._paths.get(set_id, (plugin, path))[0]
            if owner == plugin:
                self._paths.setdefault(set_id, (plugin, path))
            elif plugins.clash_keeps_second("criteria set", set_id, owner, plugin):
                self._paths[set_id] = (plugin, path)
        clashing = plugins.clashing_plugins()  # a clashing plugin's sets must not be graded by the other's code
        self._paths = {k: v for k, v in self._paths.items() if v[0] not in clashing}

    def _doc(self, set_id: str) -> tuple[str, YamlDoc] | None:
        """The plugin and parsed file of a shipped set, parsed on first use."""
        self._index()
        if set_id not in self._docs:
            found = self._paths.get(set_id)
            if found is None:
                return None
            plugin, path = found
            self._docs[set_id] = (plugin, load_yaml(path, display=path.name, trusted=True))  # from a plugin
        return self._docs[set_id]

    def ids(self) -> list[str]:
        """Every set and model id, without parsing a file that was indexed before."""
        self._index()
        return sorted(self._paths)

    def entries(self) -> list[SetEntry]:
        self._index()
        for set_id in self._paths:
            self._doc(set_id)
        return [
            SetEntry(
                set_id,
                str(doc.data.get("version", "")),
                str(doc.data.get("kind", "criteria-set")),
                doc.data.get("title") or {},
                Path(doc.file),
                plugin,
                self._count(doc),
            )
            for set_id, (plugin, doc) in sorted(self._docs.items())
        ]

    def _count(self, doc: YamlDoc) -> int:
        """How many criteria the set has once composed (a set extending another inherits its criteria)."""
        data = doc.data if isinstance(doc.data, Mapping) else {}
        parent, problems = flatten_parent(doc, self.model_data, merge_model)
        if parent is None or problems or not is_set(parent):
            return len(data.get("criteria") or [])
        return len(compose_criteria(None, data, parent)[0])

    def model_data(self, set_id: str) -> Mapping[str, Any] | None:
        found = self._doc(set_id)
        return found[1].data if found else None

    def kpis(self) -> dict[str, Mapping[str, Any]]:
        """KPI definitions by id; an invalid KPI file is an exit-3 error naming its lines."""
        if self._kpis is not None:
            return self._kpis
        found: dict[str, Mapping[str, Any]] = {}
        problems: list[Problem] = []
        for _plugin, item in self._plugins.kpi_definitions():
            if isinstance(item, Mapping):
                doc = YamlDoc(file=f"<kpi {item.get('id', '?')}>", data={"format_version": "1", "kpis": [dict(item)]})
            else:
                doc = load_yaml(item, display=item.name, trusted=True)
            found_problems = validate("kpis", doc)
            problems += found_problems
            if not found_problems:
                for kpi in doc.data["kpis"]:
                    found.setdefault(kpi["id"], kpi)
                    self._kpi_origin.setdefault(kpi["id"], f"plugin {_plugin}")
        if problems:
            raise InvalidInputError(problems)
        self._kpis = dict(sorted(found.items()))
        return self._kpis

    def add_kpis(self, doc: YamlDoc) -> None:
        """KPI definitions written in a criteria set or a manifest (`kpis:`, the schema of kpis.yaml).

        They are checked where they are written, so an error names that file's line; an id that is
        already defined elsewhere is an error, never a silent replacement of a KPI another set relies on.
        """
        entries = doc.data.get("kpis") if isinstance(doc.data, Mapping) else None
        if not entries:
            return
        problems = validate(_kpi_list_schema(), doc, entries, ("kpis",))
        if problems:
            raise InvalidInputError(problems)
        known = dict(self.kpis())
        for index, kpi in enumerate(entries):
            kpi_id = kpi["id"]
            if kpi_id in known and known[kpi_id] != kpi:
                origin = self._kpi_origin.get(kpi_id, "elsewhere")
                problems.append(
                    doc.problem(
                        ("kpis", index, "id"), f"KPI {kpi_id!r} is already defined ({origin}); give this one its own id"
                    )
                )
            known[kpi_id] = kpi
            self._kpi_origin.setdefault(kpi_id, doc.file)
        if problems:
            raise InvalidInputError(problems)
        self._kpis = dict(sorted(known.items()))

    def check_kpi_file(self, path: Path) -> int:
        """Validate one KPI definitions file on its own; returns how many KPIs it defines."""
        doc = load_yaml(path, display=str(path))
        problems = validate("kpis", doc)
        if problems:
            raise InvalidInputError(problems)
        return len(doc.data["kpis"])

    def load(self, ref: str, base_dir: Path | None = None, *, tolerate_unknown_types: bool = False) -> CriteriaSet:
        """Load a set by id, or by path (relative to `base_dir`) for organisation-specific sets."""
        shipped = self._doc(ref)
        if shipped is not None:
            doc = shipped[1]
        else:
            candidate = Path(ref) if base_dir is None else (base_dir / ref)
            if not candidate.suffix or not candidate.is_file():
                known = ", ".join(e.id for e in self.entries() if e.kind == "criteria-set") or "none"
                raise InvalidInputError([Problem("", None, None, f"unknown criteria set {ref!r} (known: {known})")])
            doc = load_yaml(candidate, display=str(candidate))
        evaluators = self._plugins.evaluators()
        self._check_parent(doc, base_dir, tolerate_unknown_types)
        self.add_kpis(doc)
        return build_set(doc, self.model_data, evaluators, set(self.kpis()), tolerate_unknown_types)

    def _check_parent(self, doc: YamlDoc, base_dir: Path | None, tolerate: bool) -> None:
        """A set extending a criteria set: load the parent first, so its own errors name its own file."""
        parent = doc.data.get("extends") if isinstance(doc.data, Mapping) else None
        if not isinstance(parent, str) or parent in self._loading or not is_set(self.model_data(parent)):
            return
        self._loading.add(parent)
        try:
            self.load(parent, base_dir, tolerate_unknown_types=tolerate)
        finally:
            self._loading.discard(parent)

    def load_many(
        self, refs: Sequence[str], base_dir: Path | None = None, *, tolerate_unknown_types: bool = False
    ) -> CriteriaSet:
        """Several sets graded in one run (`criteria: [a, b]`, repeated `--criteria`); see combine_sets."""
        sets = [self.load(ref, base_dir, tolerate_unknown_types=tolerate_unknown_types) for ref in refs]
        return combine_sets(sets)


def _kpi_list_schema() -> dict[str, Any]:
    """The `kpis:` list of kpis.schema.json, to check a list that sits inside another document."""
    from servex._schemas import schema

    whole = schema("kpis")
    return {"$defs": whole["$defs"], **whole["properties"]["kpis"]}
