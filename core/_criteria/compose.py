"""Composition of criteria sets: `extends:` a set (not only a model), and several sets in one run.

A set that extends another criteria set inherits everything the parent resolved to (its model's
scales, levels and elements included) and its criteria, then removes (`remove: [ids]`), replaces
(`replace: [criterion]`) and adds (`criteria:`) criteria and overrides declared parameter values
(`parameters: {CRITERION: {name: value}}`). Every mistake is a located problem: an unknown id to
remove or replace, an added criterion that already exists, an unknown parameter, a cycle. The rules
are documented in docs/criteria-format.md ("Extending a set").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace as dc_replace
from typing import Any

from servex._criteria.model import CriteriaSet
from servex._errors import InvalidInputError, Problem
from servex._yamldoc import YamlDoc

__all__ = ["combine_sets", "compose_criteria", "flatten_parent", "is_set"]

Resolve = Callable[[str], Mapping[str, Any] | None]


def is_set(data: Mapping[str, Any] | None) -> bool:
    """Whether `data` is a criteria set (which composition extends) rather than a model."""
    return isinstance(data, Mapping) and data.get("kind", "criteria-set") == "criteria-set"


def flatten_parent(
    doc: YamlDoc, resolve: Resolve, merge: Callable[[Mapping[str, Any], Mapping[str, Any] | None], dict[str, Any]]
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parent of `doc` with its whole `extends:` chain resolved, or None with the reasons.

    The chain is followed to its end, so a set extending `servex-pyramid` also gets `servex-model`'s
    levels, elements and scales, and a child's own criteria see the criteria of every ancestor.
    """
    data = doc.data if isinstance(doc.data, Mapping) else {}
    chain: list[Mapping[str, Any]] = []
    seen = [str(data.get("id"))]
    ref = data.get("extends")
    while isinstance(ref, str):
        if ref in seen:
            cycle = " -> ".join([*seen, ref])
            return None, [doc.problem(("extends",), f"'extends' forms a cycle: {cycle}")]
        parent = resolve(ref)
        if parent is None:
            what = "criteria set or model"
            return None, [
                doc.problem(
                    ("extends",),
                    f"unknown {what} {ref!r}" if not chain else f"unknown {what} {ref!r} (extended by {seen[-1]!r})",
                )
            ]
        chain.append(parent)
        seen.append(ref)
        ref = parent.get("extends")
    flat: dict[str, Any] | None = None
    for ancestor in reversed(chain):
        flat = _apply(ancestor, flat, merge)
    return flat, []


def _apply(
    data: Mapping[str, Any],
    parent: Mapping[str, Any] | None,
    merge: Callable[[Mapping[str, Any], Mapping[str, Any] | None], dict[str, Any]],
) -> dict[str, Any]:
    """One step of the chain, without checks: the shipped and plugin parents are validated on load."""
    merged = merge(data, parent)
    if is_set(parent) and parent is not None:
        merged["criteria"], _ = compose_criteria(None, data, parent)
    return merged


def _params_override(criterion: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(criterion)
    params = {name: dict(p) for name, p in (criterion.get("parameters") or {}).items()}
    for name, value in values.items():
        if name in params:
            params[name]["value"] = value
    out["parameters"] = params
    return out


def compose_criteria(
    doc: YamlDoc | None, data: Mapping[str, Any], parent: Mapping[str, Any]
) -> tuple[list[Any], list[Problem]]:
    """The parent's criteria after `remove`, `replace`, `parameters` and the child's own `criteria`."""
    problems: list[Problem] = []

    def report(path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        if doc is not None:
            problems.append(doc.problem(path, message, key=key))

    parent_id = str(parent.get("id"))
    inherited: dict[str, Any] = {str(c.get("id")): c for c in parent.get("criteria") or [] if isinstance(c, Mapping)}
    for index, cid in enumerate(data.get("remove") or []):
        if cid not in inherited:
            report(("remove", index), f"cannot remove {cid!r}: {parent_id} has no such criterion")
        else:
            del inherited[cid]
    for index, criterion in enumerate(data.get("replace") or []):
        cid = str(criterion.get("id")) if isinstance(criterion, Mapping) else "?"
        if cid not in inherited:
            removed = cid in (data.get("remove") or [])
            why = "it is also removed" if removed else f"{parent_id} has no such criterion (add it under 'criteria')"
            report(("replace", index, "id"), f"cannot replace {cid!r}: {why}")
        else:
            inherited[cid] = criterion
    for cid, values in (data.get("parameters") or {}).items():
        if cid not in inherited:
            report(("parameters", cid), f"cannot set parameters of {cid!r}: not a criterion of this set", key=True)
            continue
        declared = inherited[cid].get("parameters") or {}
        for name in values or {}:
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                report(("parameters", cid, name), f"{cid} has no parameter {name!r} (declared: {known})", key=True)
        inherited[cid] = _params_override(inherited[cid], values or {})
    added = list(data.get("criteria") or [])
    for index, criterion in enumerate(added):
        cid = str(criterion.get("id")) if isinstance(criterion, Mapping) else "?"
        if cid in inherited:
            report(
                ("criteria", index, "id"), f"{cid!r} is already a criterion of {parent_id}; use 'replace:' to change it"
            )
    return [*inherited.values(), *added], problems


def combine_sets(sets: Sequence[CriteriaSet]) -> CriteriaSet:
    """Several sets graded in one run: one set holding all their criteria.

    Allowed only when the sets share one model (same levels, elements, verdict bands, and same-named
    scales equal) and no criterion id appears twice; otherwise an exit-3 error naming both sets.
    """
    if len(sets) == 1:
        return sets[0]
    first = sets[0]
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    scales = dict(first.scales)
    for cset in sets:
        where = cset.source
        for attr in ("levels", "elements", "verdict_bands", "dimensions"):
            if getattr(cset, attr) != getattr(first, attr):
                problems.append(
                    Problem(
                        where,
                        None,
                        None,
                        f"{cset.id} and {first.id} do not share one model "
                        f"(their {attr} differ); sets graded together must extend the same model",
                    )
                )
        for name, scale in cset.scales.items():
            if scales.setdefault(name, scale) != scale:
                problems.append(Problem(where, None, None, f"scale {name!r} of {cset.id} differs from another set's"))
        for criterion in cset.criteria:
            if criterion.id in owner:
                problems.append(
                    Problem(
                        where, None, None, f"criterion {criterion.id} is in both {owner[criterion.id]} and {cset.id}"
                    )
                )
            owner.setdefault(criterion.id, cset.id)
    if first.achieve_verdict != sets[-1].achieve_verdict or first.knockout_cap != sets[-1].knockout_cap:
        problems.append(
            Problem(sets[-1].source, None, None, "sets graded together must use one achieve_verdict and knockout_cap")
        )
    if problems:
        raise InvalidInputError(problems)
    refs: dict[str, Mapping[str, Any]] = {}
    for cset in sets:
        for ref in cset.references:
            refs.setdefault(str(ref.get("id")), ref)
    choice_lists: dict[str, Any] = {}
    for cset in sets:
        choice_lists.update(cset.choice_lists)
    digest = hashlib.sha256("\n".join(f"{s.id} {s.version} {s.sha256}" for s in sets).encode()).hexdigest()
    title = {lang: " + ".join(s.title.get(lang, s.title.get("en", s.id)) for s in sets) for lang in ("en", "fr")}
    return dc_replace(
        first,
        id="+".join(s.id for s in sets),
        version="+".join(s.version for s in sets),
        title=title,
        sha256=digest,
        source=first.source,
        scales=dict(sorted(scales.items())),
        choice_lists=dict(sorted(choice_lists.items())),
        criteria=tuple(c for s in sets for c in s.criteria),
        references=tuple(refs.values()),
    )
