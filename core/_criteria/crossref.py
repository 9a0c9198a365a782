"""Checks a schema-valid criteria set cannot express: that every name it uses exists.

Unknown levels, elements, scales, requirement types, KPIs, questions, parameters and rule targets are
all errors, reported together with their YAML positions. The checks read the data defensively because
they also run on files that failed the schema, so users get every error in one pass.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping
from typing import Any

from servex._contributions import Evaluator
from servex._errors import Problem
from servex._schemas import validate
from servex._yamldoc import JsonPath, YamlDoc

__all__ = ["check_references"]


def _list(value: Any) -> list[Any]:
    """The value when it is a list, else nothing: a wrong shape is the schema's error, reported with its
    location, and must not crash the checks that run beside it (`levels: 5` is exit 3, not 70)."""
    return value if isinstance(value, list) else []


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _known(value: Any, ids: Container[Any]) -> bool:
    try:
        return value in ids
    except TypeError:  # a list or mapping where a name belongs: the schema says so
        return False


def _ids(items: Any) -> set[str]:
    return {str(item.get("id")) for item in _list(items) if isinstance(item, Mapping)}


def _param_refs(value: Any, path: JsonPath) -> Iterator[tuple[str, JsonPath]]:
    if isinstance(value, Mapping):
        if set(value) == {"param"}:
            yield str(value["param"]), path
            return
        for key, child in value.items():
            yield from _param_refs(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _param_refs(child, (*path, index))


def _with_defaults(value: Any, params: Mapping[str, Any]) -> Any:
    """`value` with each `{param: name}` replaced by the parameter's declared default value."""
    if isinstance(value, Mapping):
        if set(value) == {"param"}:
            declared = params.get(str(value["param"]))
            return declared.get("value", value) if isinstance(declared, Mapping) else value
        return {key: _with_defaults(child, params) for key, child in value.items()}
    if isinstance(value, list):
        return [_with_defaults(child, params) for child in value]
    return value


def _condition_reqs(condition: Any, path: JsonPath) -> Iterator[tuple[str, JsonPath]]:
    if not isinstance(condition, Mapping):
        return
    if "req" in condition:
        yield str(condition["req"]), (*path, "req")
    for key in ("all", "any", "of"):
        for index, child in enumerate(_list(condition.get(key))):
            yield from _condition_reqs(child, (*path, key, index))


def check_references(
    doc: YamlDoc,
    merged: Mapping[str, Any],
    evaluators: Mapping[str, Evaluator],
    kpi_ids: set[str],
    tolerate_unknown_types: bool = False,
) -> list[Problem]:
    """Every dangling reference in the set. With `tolerate_unknown_types` (a plugin failed to load, so
    its requirement types may be missing), unknown types are left for grading to turn into `error`."""
    problems: list[Problem] = []

    def report(path: JsonPath, message: str) -> None:
        problems.append(doc.problem(path, message))

    data = doc.data if isinstance(doc.data, Mapping) else {}
    levels = _ids(merged.get("levels"))
    dimensions = _ids(merged.get("dimensions"))
    verdicts = [b.get("verdict") for b in _list(merged.get("verdict_bands")) if isinstance(b, Mapping)]

    for index, level in enumerate(_list(data.get("levels"))):
        if isinstance(level, Mapping) and level.get("requires") and not _known(level["requires"], levels):
            report(("levels", index, "requires"), f"unknown level {level['requires']!r}")
    for index, element in enumerate(_list(data.get("elements"))):
        if isinstance(element, Mapping) and not _known(element.get("dimension"), dimensions):
            report(("elements", index, "dimension"), f"unknown dimension {element.get('dimension')!r}")
    for key in ("achieve_verdict", "knockout_cap"):
        if key in data and not _known(data[key], verdicts):
            report((key,), f"unknown verdict {data[key]!r}; the bands define {', '.join(map(str, verdicts))}")

    for list_key in ("criteria", "replace"):  # a set's own criteria, and those it replaces in its parent
        problems += _check_criteria(
            doc, data.get(list_key), list_key, merged, evaluators, kpi_ids, tolerate_unknown_types
        )
    return problems


def _check_criteria(
    doc: YamlDoc,
    items: Any,
    list_key: str,
    merged: Mapping[str, Any],
    evaluators: Mapping[str, Evaluator],
    kpi_ids: set[str],
    tolerate_unknown_types: bool,
) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: JsonPath, message: str) -> None:
        problems.append(doc.problem(path, message))

    levels = _ids(merged.get("levels"))
    elements = _ids(merged.get("elements"))
    scales = _map(merged.get("scales"))
    choice_lists = _map(merged.get("choice_lists"))
    references = _ids(merged.get("references"))
    seen: set[str] = set()
    for ci, criterion in enumerate(_list(items)):
        if not isinstance(criterion, Mapping):
            continue
        base: JsonPath = (list_key, ci)
        cid = str(criterion.get("id"))
        if cid in seen:
            report((*base, "id"), f"duplicate criterion id {cid!r}")
        seen.add(cid)
        if not _known(criterion.get("level"), levels):
            report((*base, "level"), f"unknown level {criterion.get('level')!r}")
        for ei, element in enumerate(_list(criterion.get("elements"))):
            if not _known(element, elements):
                report((*base, "elements", ei), f"unknown element {element!r}")
        scale_name = criterion.get("scale")
        scale = scales.get(scale_name) if isinstance(scale_name, str) else None
        if scale is None:
            known = ", ".join(sorted(map(str, scales))) or "none defined"
            named = criterion.get("scale")
            why = "no scale given" if named is None else f"unknown scale {named!r}"
            report((*base, "scale"), f"{why} (known: {known})")
        scale_values = _ids(scale.get("values")) if isinstance(scale, Mapping) else set()
        for ri, ref in enumerate(_list(criterion.get("references"))):
            if isinstance(ref, Mapping) and not _known(ref.get("id"), references):
                report((*base, "references", ri, "id"), f"unknown reference {ref.get('id')!r}")
        params = _map(criterion.get("parameters"))
        questions = _ids(criterion.get("questions"))
        for qi, question in enumerate(_list(criterion.get("questions"))):
            choices = question.get("choices") if isinstance(question, Mapping) else None
            if isinstance(choices, str) and choices not in choice_lists:
                report((*base, "questions", qi, "choices"), f"unknown choice list {choices!r}")
            ask_if = question.get("ask_if") if isinstance(question, Mapping) else None
            if isinstance(ask_if, Mapping) and not _known(ask_if.get("question"), questions):
                report((*base, "questions", qi, "ask_if", "question"), f"unknown question {ask_if.get('question')!r}")
        req_ids: set[str] = set()
        for ri, requirement in enumerate(_list(criterion.get("evidence"))):
            if not isinstance(requirement, Mapping):
                continue
            rpath: JsonPath = (*base, "evidence", ri)
            if _known(requirement.get("id"), req_ids):
                report((*rpath, "id"), f"duplicate requirement id {requirement.get('id')!r}")
            req_ids.add(str(requirement.get("id")))
            rtype = requirement.get("type")
            evaluator = evaluators.get(str(rtype))
            rparams = requirement.get("params") or {}
            if evaluator is None and tolerate_unknown_types:
                pass
            elif evaluator is None:
                known = ", ".join(sorted(evaluators)) or "none"
                report((*rpath, "type"), f"unknown requirement type {rtype!r} (known: {known})")
            elif isinstance(rparams, Mapping):
                # `{param: name}` is allowed for every type: check the evaluator's schema against the default
                checked = _with_defaults(rparams, params if isinstance(params, Mapping) else {})
                problems.extend(validate(dict(evaluator.params_schema), doc, checked, (*rpath, "params")))
            if isinstance(rparams, Mapping):
                if "kpi" in rparams and not _known(rparams["kpi"], kpi_ids):
                    report((*rpath, "params", "kpi"), f"unknown KPI {rparams['kpi']!r}")
                if "question" in rparams and not _known(rparams["question"], questions):
                    report((*rpath, "params", "question"), f"unknown question {rparams['question']!r}")
                for name, where in _param_refs(rparams, (*rpath, "params")):
                    if name not in params:
                        report(where, f"unknown parameter {name!r}; declare it under the criterion's parameters")
        problems.extend(_check_rubric(doc, criterion, base, scale_values))
        cross = criterion.get("cross_level")
        if isinstance(cross, Mapping) and not _known(cross.get("dimension"), _ids(merged.get("dimensions"))):
            report((*base, "cross_level", "dimension"), f"unknown dimension {cross.get('dimension')!r}")
        raw_grading = criterion.get("grading")
        grading: Mapping[str, Any] = raw_grading if isinstance(raw_grading, Mapping) else {}
        for gi, rule in enumerate(_list(grading.get("rules"))):
            if not isinstance(rule, Mapping):
                continue
            for name, where in _condition_reqs(rule.get("when"), (*base, "grading", "rules", gi, "when")):
                if name not in req_ids:
                    report(where, f"unknown requirement {name!r} in grading rule")
            if scale_values and not _known(rule.get("then"), scale_values):
                report(
                    (*base, "grading", "rules", gi, "then"),
                    f"{rule.get('then')!r} is not a value of scale {criterion.get('scale')!r}",
                )
        if scale_values and "otherwise" in grading and not _known(grading["otherwise"], scale_values):
            report(
                (*base, "grading", "otherwise"),
                f"{grading['otherwise']!r} is not a value of scale {criterion.get('scale')!r}",
            )
    return problems


def _check_rubric(doc: YamlDoc, criterion: Mapping[str, Any], base: JsonPath, scale_values: set[str]) -> list[Problem]:
    """A rubric describes exactly the values of the criterion's scale: none unknown, none left out."""
    rubric = criterion.get("rubric")
    if not isinstance(rubric, Mapping) or not scale_values:
        return []
    described = _map(rubric.get("values"))
    problems = [
        doc.problem((*base, "rubric", "values", name), f"{name!r} is not a value of scale {criterion.get('scale')!r}")
        for name in described
        if name not in scale_values
    ]
    missing = sorted(scale_values - set(map(str, described)))
    if missing:
        problems.append(doc.problem((*base, "rubric", "values"), f"the rubric does not describe {', '.join(missing)}"))
    return problems
