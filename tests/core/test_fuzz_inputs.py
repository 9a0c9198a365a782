"""Property-based fuzzing of every YAML input servex reads: never exit 70, never a traceback, always located.

The generators start from valid documents (the mini criteria set, its manifest, the shipped KPI file,
an answers file) and apply what breaks real files: a value anywhere replaced by one of another shape
(`levels: 5`), a key dropped or added, an anchor, deep nesting, random text. Each document then goes
through the same functions `servex assess` calls; the property is that each either loads or fails
with servex's own InvalidInputError/PluginError whose problems name the file and a line.
(hypothesis-jsonschema was tried for schema-driven generation: it cannot resolve the recursive
`$ref`s of our schemas, so the seeds and mutations follow the schemas' shapes instead.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from core_support import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servex._errors import InvalidInputError, PluginError, ServexError

REPO = Path(__file__).resolve().parents[2]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["", "L1", "../x.yaml", "/etc/passwd", "yes", "2025-13-45", "servex-pyramid"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


def _replace(doc: Any, path: tuple[Any, ...], new: Any, how: str) -> Any:
    if not path:
        return new
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "drop":
        del parent[last]
    elif how == "add" and isinstance(parent, dict):
        parent[f"{last}_x"] = new
    else:
        parent[last] = new
    return doc


@st.composite
def mutated(draw: st.DrawFn, seed: Any) -> Any:
    """A copy of `seed` with one to three values replaced, dropped or doubled by a sibling."""
    doc = json.loads(json.dumps(seed))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if not path and how != "replace":
            continue
        doc = _replace(doc, path, draw(VALUES), how)
    return doc


def _text(doc: Any, draw_extra: str) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False) + draw_extra


EXTRAS = st.sampled_from(
    ["", "x-a: &a [1, 2]\nx-b: [*a, *a]\n", "x-deep: " + "[" * 70 + "]" * 70 + "\n", "dup: 1\ndup: 2\n", "\t:\n"]
)


def _located(exc: ServexError, file: str) -> None:
    if isinstance(exc, InvalidInputError):
        for problem in exc.problems:
            assert problem.file.endswith(file) or problem.file == "", str(exc)
            assert problem.line is not None or "not found" in problem.message or problem.file == "", str(exc)
    assert "Traceback" not in str(exc)


@pytest.fixture(scope="module")
def plugins() -> Any:
    from servex._plugins import load_plugins

    return load_plugins()


@pytest.fixture(scope="module")
def registry(plugins: Any) -> Any:
    from servex._criteria.registry import CriteriaRegistry

    return CriteriaRegistry(plugins)


@pytest.fixture(scope="module")
def mini_set() -> Any:
    return yaml.safe_load((DATA / "mini-set.yaml").read_text(encoding="utf-8"))


@FUZZ
@given(data=st.data(), extra=EXTRAS)
def test_criteria_sets(
    tmp_path_factory: pytest.TempPathFactory, plugins: Any, registry: Any, mini_set: Any, data: Any, extra: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "set.yaml"
    path.write_text(_text(data.draw(mutated(mini_set)), extra), encoding="utf-8")
    try:
        registry.load(str(path))
    except (InvalidInputError, PluginError) as exc:
        _located(exc, "set.yaml")


@FUZZ
@given(data=st.data(), extra=EXTRAS)
def test_manifests(
    tmp_path_factory: pytest.TempPathFactory, plugins: Any, registry: Any, data: Any, extra: str
) -> None:
    from servex._manifest import load_manifest

    seed = yaml.safe_load((DATA / "mini-org" / "servex.yaml").read_text(encoding="utf-8"))
    seed["sources"] = [{"name": "docs", "collector": "documents", "config": {"exclude": ["*.tmp"]}}]
    seed["files"] = [{"path": "policies", "tags": ["policy"], "approved": "2025-01-01"}]
    seed["parameters"] = {"MINI-L1-01": {"max_days": 5}}
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "mini-set.yaml").write_bytes((DATA / "mini-set.yaml").read_bytes())
    (folder / "servex.yaml").write_text(_text(data.draw(mutated(seed)), extra), encoding="utf-8")
    try:
        manifest = load_manifest(folder)
        ref = manifest.criteria_ref(folder) or "servex-pyramid"
        cset = registry.load(ref, base_dir=folder, tolerate_unknown_types=True)
        manifest.check_against(cset, plugins.collectors(), [])
    except (InvalidInputError, PluginError) as exc:
        _located(exc, "servex.yaml")


@settings(FUZZ, max_examples=15)  # validating a KPI file is the slow part (jsonschema, 0.2 s)
@given(data=st.data(), extra=EXTRAS)
def test_kpi_files(
    tmp_path_factory: pytest.TempPathFactory, plugins: Any, registry: Any, data: Any, extra: str
) -> None:
    seed = yaml.safe_load((REPO / "criteria" / "kpis.yaml").read_text(encoding="utf-8"))
    seed["kpis"] = seed["kpis"][:3]
    path = tmp_path_factory.mktemp("fuzz") / "kpis.yaml"
    path.write_text(_text(data.draw(mutated(seed)), extra), encoding="utf-8")
    try:
        registry.check_kpi_file(path)
    except InvalidInputError as exc:
        _located(exc, "kpis.yaml")


@FUZZ
@given(text=st.text(max_size=200))
def test_any_text_is_yaml_or_a_located_error(text: str) -> None:
    from servex._yamldoc import parse_yaml

    try:
        parse_yaml(text, "any.yaml")
    except InvalidInputError as exc:
        assert all(p.file == "any.yaml" and p.line is not None for p in exc.problems), str(exc)


@FUZZ
@given(data=st.data(), extra=EXTRAS)
def test_answers_files(
    tmp_path_factory: pytest.TempPathFactory, plugins: Any, registry: Any, data: Any, extra: str
) -> None:
    """The questionnaires collector never raises: a bad answers file is logged against its name."""
    from servex.testing._harness import build_context

    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "answers").mkdir()
    seed = {
        "format_version": "1",
        "criteria_set": "test-mini",
        "responses": [
            {
                "respondent": {"id": "r1", "role": "staff", "name": "R. One"},
                "answered_at": "2025-10-01",
                "answers": {"MINI-L1-01": {"q1": "yes"}, "MINI-L2-01": {"q2": 3}},
            }
        ],
    }
    (folder / "answers" / "a.yaml").write_text(_text(data.draw(mutated(seed)), extra), encoding="utf-8")
    cset = registry.load(str(DATA / "mini-set.yaml"))
    collector = plugins.collectors()["questionnaires"]
    ctx = build_context(
        collector_name="questionnaires",
        folder=folder,
        config={},
        criteria_set=cset,
        cache_dir=folder / "cache",
        offline=True,
    )
    list(collector.collect(ctx) or ())
    assert all(entry.file == "answers/a.yaml" for entry in ctx.log if entry.level == "error")
