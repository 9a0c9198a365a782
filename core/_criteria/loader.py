"""Turn a criteria YAML file into a :class:`CriteriaSet`, or every reason it cannot be one."""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Callable, Mapping
from typing import Any

from servex import _filecache
from servex._contributions import Evaluator
from servex._criteria.compose import compose_criteria, flatten_parent, is_set
from servex._criteria.crossref import check_references
from servex._criteria.fingerprint import remember
from servex._criteria.model import (
    Choice,
    CriteriaSet,
    Criterion,
    Element,
    Level,
    Parameter,
    Question,
    Requirement,
    Rubric,
    Rule,
    Scale,
    ScaleValue,
    VerdictBand,
)
from servex._errors import InvalidInputError, Problem
from servex._schemas import validate
from servex._text import as_text
from servex._yamldoc import YamlDoc

__all__ = ["DEFAULT_BANDS", "build_set", "merge_model"]

DEFAULT_BANDS = [
    {"verdict": "not_evidenced", "min": 0, "label": {"en": "Not evidenced", "fr": "Non démontré"}},
    {"verdict": "developing", "min": 35, "label": {"en": "Developing", "fr": "En développement"}},
    {"verdict": "established", "min": 50, "label": {"en": "Established", "fr": "Établi"}},
    {"verdict": "excellent", "min": 75, "label": {"en": "Excellent", "fr": "Excellent"}},
]
_COMPOSE_KEYS = ("remove", "replace", "parameters")
_INHERITED = (
    "references", "verdict_bands", "achieve_verdict", "knockout_cap", "max_not_applicable", "levels", "dimensions",
    "elements",
)  # fmt: skip


def merge_model(data: Mapping[str, Any], model: Mapping[str, Any] | None) -> dict[str, Any]:
    """Fill what a set leaves out from the model it extends; named maps merge, the set winning."""
    merged = dict(data)
    if model:
        for key in _INHERITED:
            if key not in merged and key in model:
                merged[key] = model[key]
        for key in ("scales", "choice_lists"):
            merged[key] = {**(model.get(key) or {}), **(data.get(key) or {})}
        # a set extending a set keeps its parent's references too (criteria it inherits cite them); a model's
        # references stay the model's, so the shipped sets' content and sha256 do not change
        if "references" in data and "references" in model and model.get("kind", "criteria-set") != "model":
            own = {str(r.get("id")) for r in data["references"] if isinstance(r, Mapping)}
            merged["references"] = [
                *(r for r in model["references"] if isinstance(r, Mapping) and str(r.get("id")) not in own),
                *data["references"],
            ]
    merged.setdefault("verdict_bands", DEFAULT_BANDS)
    merged.setdefault("achieve_verdict", "established")
    merged.setdefault("knockout_cap", "developing")
    return merged


def _choices(raw: Any, lists: Mapping[str, Any]) -> tuple[Choice, ...]:
    items = lists.get(raw, []) if isinstance(raw, str) else raw or []
    return tuple(Choice(str(c["id"]), as_text(c["label"]), float(c["score"])) for c in items)


def _classes(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    return (raw,) if isinstance(raw, str) else tuple(raw)


def _rubric(raw: Any) -> Rubric | None:
    if not isinstance(raw, Mapping):
        return None
    return Rubric(
        values={str(k): as_text(v) for k, v in (raw.get("values") or {}).items()},
        accepted=tuple(as_text(t) for t in raw.get("accepted") or ()),
        rejected=tuple(as_text(t) for t in raw.get("rejected") or ()),
    )


def _criterion(raw: Mapping[str, Any], lists: Mapping[str, Any]) -> Criterion:
    cid = raw["id"]
    return Criterion(
        id=cid,
        level=raw["level"],
        elements=tuple(raw["elements"]),
        title=as_text(raw["title"]),
        statement=as_text(raw["statement"]),
        guidance=as_text(raw.get("guidance")),
        recommendation=as_text(raw["recommendation"]),
        weight=float(raw["weight"]),
        scale=raw["scale"],
        evidence=tuple(
            Requirement(
                r["id"],
                r["type"],
                r.get("role", "show"),
                as_text(r.get("description")),
                r.get("params") or {},
                cid,
                _classes(r.get("class")),
            )
            for r in raw["evidence"]
        ),
        rules=tuple(Rule(rule["when"], rule["then"]) for rule in raw["grading"]["rules"]),
        otherwise=raw["grading"]["otherwise"],
        required=bool(raw.get("required", False)),
        references=tuple(raw.get("references") or ()),
        parameters={
            name: Parameter(name, float(p["value"]), p["stricter"], p.get("unit", ""))
            for name, p in (raw.get("parameters") or {}).items()
        },
        questions=tuple(
            Question(
                id=q["id"],
                type=q["type"],
                roles=tuple(q["roles"]),
                text=as_text(q["text"]),
                help=as_text(q.get("help")),
                choices=_choices(q.get("choices"), lists),
                number_bands=tuple((float(b["min"]), float(b["score"])) for b in q.get("number_bands") or []),
                ask_if=q.get("ask_if"),
                guide=tuple(as_text(t) for t in q.get("guide") or ()),
            )
            for q in raw.get("questions") or []
        ),
        tell_me_sufficient=bool(raw.get("tell_me_sufficient", False)),
        deprecated=bool(raw.get("deprecated", False)),
        contradictions_cap=raw.get("contradictions", "cap") == "cap",
        rubric=_rubric(raw.get("rubric")),
        shared_measure=as_text(raw["shared_measure"]) if raw.get("shared_measure") else None,
        cross_level=dict(raw["cross_level"]) if raw.get("cross_level") else None,
    )


def build_set(
    doc: YamlDoc,
    resolve_model: Callable[[str], Mapping[str, Any] | None],
    evaluators: Mapping[str, Evaluator],
    kpi_ids: set[str],
    tolerate_unknown_types: bool = False,
) -> CriteriaSet:
    """Validate against the schema and the cross-references, then build. All problems at once.

    A set read from a file whose exact content (with its parents, the evaluators' parameter schemas and
    the KPI ids) passed every check before is not checked again: the checks are most of a small run's
    fixed cost, and their outcome depends on nothing else (see :mod:`servex._filecache`)."""
    data = doc.data if isinstance(doc.data, Mapping) else {}
    parent, chain_problems = flatten_parent(doc, resolve_model, merge_model)
    merged = merge_model(data, parent)
    compose_problems: list[Problem] = []
    composing = is_set(parent) and parent is not None
    if composing and parent is not None:
        merged["criteria"], compose_problems = compose_criteria(doc, data, parent)
    elif any(key in data for key in _COMPOSE_KEYS) and not chain_problems:
        used = ", ".join(k for k in _COMPOSE_KEYS if k in data)
        compose_problems = [doc.problem((), f"{used} need 'extends:' naming a criteria set (not a model)")]
    sha256 = _merged_sha256(merged)
    passed = _passed_key(doc, sha256, evaluators, kpi_ids, tolerate_unknown_types)
    if passed is None or _filecache.get("criteria-checked", passed) is not True:
        _check(doc, data, merged, chain_problems, compose_problems, evaluators, kpi_ids, tolerate_unknown_types)
        if passed is not None:
            _filecache.put("criteria-checked", passed, True)
    elif chain_problems or compose_problems:  # cannot happen for content that passed, but never hide one
        raise InvalidInputError(chain_problems + compose_problems)
    lists = merged.get("choice_lists") or {}
    built = CriteriaSet(
        id=merged["id"],
        version=merged["version"],
        kind=merged.get("kind", "criteria-set"),
        title=as_text(merged["title"]),
        description=as_text(merged.get("description")),
        sha256=sha256,
        source=doc.file,
        scales={
            name: Scale(
                name,
                as_text(s["title"]),
                tuple(
                    ScaleValue(
                        v["id"],
                        as_text(v["label"]),
                        float(v["score"]),
                        v["status"],
                        tuple(v["needs"]) if "needs" in v else None,
                    )
                    for v in s["values"]
                ),
            )
            for name, s in sorted((merged.get("scales") or {}).items())
        },
        choice_lists={name: _choices(name, lists) for name in sorted(lists)},
        verdict_bands=tuple(
            VerdictBand(b["verdict"], float(b["min"]), as_text(b["label"]))
            for b in sorted(merged["verdict_bands"], key=lambda b: b["min"])
        ),
        achieve_verdict=merged["achieve_verdict"],
        knockout_cap=merged["knockout_cap"],
        max_not_applicable=float(merged.get("max_not_applicable", 0.2)),
        levels=tuple(
            Level(lv["id"], as_text(lv["name"]), as_text(lv.get("description")), lv.get("requires"))
            for lv in merged.get("levels") or []
        ),
        dimensions=tuple({"id": d["id"], "name": as_text(d["name"])} for d in merged.get("dimensions") or []),
        elements=tuple(Element(e["id"], e["dimension"], as_text(e["name"])) for e in merged.get("elements") or []),
        criteria=tuple(_criterion(c, lists) for c in merged.get("criteria") or []),
        references=tuple(merged.get("references") or ()),
        extends=merged.get("extends"),
    )
    if doc.sha256 is not None:  # content from files: its criteria's fingerprints are cached with it
        remember(sha256, built.criteria)
    return built


def _canonical_sha256(merged: Mapping[str, Any]) -> str:
    canonical = json.dumps(merged, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _merged_sha256(merged: Mapping[str, Any]) -> str:
    """The sha256 of the set's canonical JSON (sorted keys, no spaces): the result carries it, and the
    checks passed and the criteria's fingerprints are kept under it.

    Writing that JSON was most of loading a set whose parsing and checks come from the cache, so the hash
    is kept too, under a digest of the merged values' exact bytes (:mod:`marshal`'s, a fifth of the cost):
    the same bytes are the same values of the same types, so the same JSON. The same values written in
    another order only miss, and are hashed again."""
    if _filecache.cache_root() is None:
        return _canonical_sha256(merged)
    try:
        exact = hashlib.sha256(marshal.dumps(merged)).hexdigest()  # type: ignore[arg-type]  # plain data, else ValueError
    except ValueError:  # a value marshal cannot write (only json's default=str can): nothing to key by
        return _canonical_sha256(merged)
    key = _filecache.key_of("criteria-sha256", exact)
    cached = _filecache.get("criteria-sha256", key)
    if isinstance(cached, str) and len(cached) == 64:
        return cached
    sha256 = _canonical_sha256(merged)
    _filecache.put("criteria-sha256", key, sha256)
    return sha256


def _passed_key(
    doc: YamlDoc, merged_sha: str, evaluators: Mapping[str, Evaluator], kpi_ids: set[str], tolerate: bool
) -> str | None:
    if doc.sha256 is None:  # not read from a file (a test's or plugin's in-memory document): always checked
        return None
    schemas = json.dumps({k: e.params_schema for k, e in sorted(evaluators.items())}, sort_keys=True, default=str)
    return _filecache.key_of(
        "criteria-checked", doc.sha256, merged_sha, schemas, ",".join(sorted(kpi_ids)), str(tolerate)
    )


def _check(
    doc: YamlDoc,
    data: Mapping[str, Any],
    merged: Mapping[str, Any],
    chain_problems: list[Problem],
    compose_problems: list[Problem],
    evaluators: Mapping[str, Evaluator],
    kpi_ids: set[str],
    tolerate_unknown_types: bool,
) -> None:
    """Raise InvalidInputError with every problem of the set (schema, parents, composition, references)."""
    problems = validate("criteria", doc) + chain_problems + compose_problems
    try:
        problems += check_references(doc, merged, evaluators, kpi_ids, tolerate_unknown_types)
    except (TypeError, AttributeError, KeyError, ValueError):
        if not problems:  # a shape the schema accepts is a bug of ours: exit 70, as it should be
            raise
        raise InvalidInputError(problems) from None  # the schema has already located the wrong shape
    if data.get("kind", "criteria-set") == "criteria-set" and not merged.get("criteria") and not chain_problems:
        problems.append(doc.problem((), "a criteria set needs at least one criterion under 'criteria'"))
    if problems:
        raise InvalidInputError(problems)


def problems_of(exc: InvalidInputError) -> list[Problem]:
    return list(exc.problems)
