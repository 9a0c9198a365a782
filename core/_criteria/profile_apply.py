"""Apply a profile to a criteria set: new parameter defaults and requirement values, each change recorded.

It works on the same two mechanisms an organisation already uses: a criterion's `parameters` (what
`{param: name}` in a requirement resolves to) and the literal numbers in a requirement's `params`
(`min_sample`, `min_respondents`, targets...). The profile's chain applies furthest ancestor first; in
each profile `parameters`, then `requirements` rules; last, for the whole chain, the `anchors` on the
organisation's published commitments (what it promised is what it is held to, within the anchor's
bound). The manifest may then still tighten, never loosen, the values the profile leaves.
Every change is one record: criterion, requirement or parameter, original value, new value, whether it
loosens or tightens, and the reason, which the result keeps and every report shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from servex._criteria.model import CriteriaSet, Criterion, Requirement
from servex._criteria.profile import Profile
from servex._errors import InvalidInputError, Problem
from servex._yamldoc import YamlDoc

__all__ = ["KEYS_BY_TYPE", "apply_profile"]

#: which literal requirement values a profile may set, per requirement type
KEYS_BY_TYPE: Mapping[str, frozenset[str]] = {
    "kpi": frozenset({"min_sample", "min_coverage", "target", "partial_target"}),
    "dataset": frozenset({"min_rows", "min_coverage"}),
    "questionnaire": frozenset({"min_respondents", "min_per_role", "target", "partial_target"}),
    "case_sample": frozenset({"min_traced", "sample_size", "target", "partial_target"}),
}
#: the value a requirement has when its params leave a key out (kpi min_sample: the KPI's own)
_DEFAULTS = {"min_coverage": 0.75, "min_rows": 1, "min_respondents": 1}


class _Run:
    """One application: the criteria being changed and the records of what changed."""

    def __init__(self, cset: CriteriaSet, kpis: Mapping[str, Mapping[str, Any]], commitments: Mapping[str, Any]):
        self.criteria: dict[str, Criterion] = {c.id: c for c in cset.criteria}
        self.kpis = kpis
        self.commitments = commitments
        self.records: list[dict[str, Any]] = []
        self.problems: list[Problem] = []

    def record(
        self,
        profile: str,
        criterion: str,
        where: dict[str, Any],
        old: Any,
        new: Any,
        loosens: bool,
        reason: Mapping[str, str],
        **extra: Any,
    ) -> None:
        """One record per value: a later change to the same value keeps the set's original and its direction."""
        old, new = _plain(old), _plain(new)
        key = (criterion, where.get("requirement"), where.get("parameter"), where["key"])
        earlier = next(
            (r for r in self.records if (r["criterion"], r["requirement"], r["parameter"], r["key"]) == key), None
        )
        if earlier is not None:
            self.records.remove(earlier)
            old = earlier["original"]
            if old == new:
                return
            loosens = (new < old) == earlier["loosens_when_lower"] if old is not None else loosens
        self.records.append(
            {
                "profile": profile,
                "criterion": criterion,
                "requirement": where.get("requirement"),
                "parameter": where.get("parameter"),
                "key": where["key"],
                "original": old,
                "value": new,
                "change": "loosened" if loosens else "tightened",
                "reason": dict(reason),
                "source": extra.get("source", "profile"),
                "commitment": extra.get("commitment"),
                "commitment_source": extra.get("commitment_source"),
                "unit": extra.get("unit") or ("ratio" if where["key"] == "min_coverage" else ""),
                "loosens_when_lower": (new < old) == loosens if old is not None and old != new else True,
            }
        )

    def set_parameter(
        self, pid: str, cid: str, name: str, value: float, reason: Mapping[str, str], **extra: Any
    ) -> None:
        criterion = self.criteria[cid]
        declared = criterion.parameters[name]
        if value == declared.value:
            return
        loosens = value > declared.value if declared.stricter == "lower" else value < declared.value
        where = {"parameter": name, "key": name}
        self.record(pid, cid, where, declared.value, value, loosens, reason, unit=declared.unit, **extra)
        params = dict(criterion.parameters)
        params[name] = replace(declared, value=float(value))
        self.criteria[cid] = replace(criterion, parameters=params)


def _plain(value: Any) -> Any:
    """200.0 reads as 200 in every report; other numbers stay as they are."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _matches(rule: Mapping[str, Any], criterion: Criterion, req: Requirement, kpis: Mapping[str, Any]) -> bool:
    if rule.get("criteria") and criterion.id not in rule["criteria"]:
        return False
    if rule.get("requirements") and req.id not in rule["requirements"]:
        return False
    if rule.get("type") and req.type != rule["type"]:
        return False
    if rule.get("kpi") and (req.type != "kpi" or req.params.get("kpi") not in rule["kpi"]):
        return False
    if rule.get("dataset"):
        dataset = req.params.get("dataset")
        if req.type == "kpi":
            dataset = (kpis.get(str(req.params.get("kpi"))) or {}).get("dataset")
        if dataset not in rule["dataset"]:
            return False
    if rule.get("roles"):
        asked = set(req.params.get("roles") or ["management", "staff", "customer"])
        if req.type != "questionnaire" or not asked & set(rule["roles"]):
            return False
    return True


def _loosens(key: str, params: Mapping[str, Any], old: float, new: float) -> bool:
    if key in ("target", "partial_target"):
        current = params.get(key)
        op = current.get("op", ">=") if isinstance(current, Mapping) else ">="
        return new < old if op in (">=", ">") else new > old
    return new < old  # minimum samples, respondents, coverage: fewer is looser


def _per_role(run: _Run, pid: str, cid: str, req: Requirement, params: dict[str, Any], value: Any, reason: Any) -> None:
    """Respondent rule: at least N respondents of each role the question is put to."""
    roles = dict(params.get("min_per_role") or {})
    asked = req.params.get("roles")
    for role, count in value.items():
        if (asked and role not in asked) or roles.get(role) == count:
            continue
        old = roles.get(role)
        where = {"requirement": req.id, "key": f"min_per_role.{role}"}
        run.record(pid, cid, where, old, count, old is not None and count < old, reason)
        roles[role] = count
    params["min_per_role"] = roles


def _current(run: _Run, req: Requirement, key: str) -> float | None:
    """The literal value a requirement has for `key` (its default when left out); None when it has none
    a profile may change: a `{param: name}` (changed under `parameters:`) or a target it does not set."""
    current = req.params.get(key)
    if key in ("target", "partial_target"):
        if isinstance(current, Mapping):
            current = current.get("value")
        elif req.type != "case_sample":
            return None
        return float(current) if isinstance(current, int | float) else None
    if isinstance(current, Mapping):
        return None
    if current is None:
        kpi = run.kpis.get(str(req.params.get("kpi"))) or {}
        current = kpi.get("min_sample", 1) if key == "min_sample" else _DEFAULTS.get(key)
    return None if current is None else float(current)


def _apply_rule(run: _Run, pid: str, rule: Mapping[str, Any]) -> None:
    reason = rule["reason"]
    for cid, criterion in list(run.criteria.items()):
        evidence = list(criterion.evidence)
        for index, req in enumerate(evidence):
            if not _matches(rule, criterion, req, run.kpis):
                continue
            params = dict(req.params)
            for key, value in rule["set"].items():
                if key not in KEYS_BY_TYPE.get(req.type, frozenset()):
                    continue
                if key == "min_per_role":
                    _per_role(run, pid, cid, req, params, value, reason)
                    continue
                old = _current(run, req, key)
                if old is None or old == value:
                    continue
                current = params.get(key)
                params[key] = {**current, "value": value} if isinstance(current, Mapping) else value
                where = {"requirement": req.id, "key": key}
                run.record(pid, cid, where, old, value, _loosens(key, req.params, old, value), reason)
            evidence[index] = replace(req, params=params)
        run.criteria[cid] = replace(criterion, evidence=tuple(evidence))


def _commitment(raw: Any) -> tuple[float, str | None]:
    if isinstance(raw, Mapping):
        return float(raw["value"]), raw.get("source")
    return float(raw), None


def apply_profile(
    cset: CriteriaSet,
    profile: Profile,
    kpis: Mapping[str, Mapping[str, Any]],
    commitments: Mapping[str, Any],
) -> tuple[CriteriaSet, list[dict[str, Any]]]:
    """The set as the profile grades it, and one record per value changed.

    Entries for criteria the set does not hold are skipped (a profile covers every shipped set); a
    parameter the criterion does not declare is an error located in the profile file (exit 3).
    """
    run = _Run(cset, kpis, commitments)
    for _name, doc in profile.chain:
        pid = doc.data["id"]
        for cid, values in (doc.data.get("parameters") or {}).items():
            if cid not in run.criteria:
                continue
            for name, entry in values.items():
                if name not in run.criteria[cid].parameters:
                    run.problems.append(
                        doc.problem(("parameters", cid, name), f"{cid} has no parameter {name!r}", key=True)
                    )
                    continue
                run.set_parameter(pid, cid, name, float(entry["value"]), entry["reason"])
        for rule in doc.data.get("requirements") or []:
            _apply_rule(run, pid, rule)
    for _name, doc in profile.chain:  # the organisation's own commitments come last: they are what it promised
        for index, anchor in enumerate(doc.data.get("anchors") or []):
            _anchor(run, doc, doc.data["id"], index, anchor)
    if run.problems:
        raise InvalidInputError(run.problems)
    changed = replace(cset, criteria=tuple(run.criteria[c.id] for c in cset.criteria))
    records = [{k: v for k, v in r.items() if k != "loosens_when_lower"} for r in run.records]
    order = {c.id: i for i, c in enumerate(cset.criteria)}
    records.sort(key=lambda r: (order[r["criterion"]], r["requirement"] or "", r["parameter"] or "", r["key"]))
    return changed, records


def _anchor(run: _Run, doc: YamlDoc, pid: str, index: int, anchor: Mapping[str, Any]) -> None:
    cid, name = anchor["criterion"], anchor["parameter"]
    if cid not in run.criteria or anchor["commitment"] not in run.commitments:
        return
    declared = run.criteria[cid].parameters.get(name)
    if declared is None:
        run.problems.append(doc.problem(("anchors", index, "parameter"), f"{cid} has no parameter {name!r}"))
        return
    value, source = _commitment(run.commitments[anchor["commitment"]])
    bound = anchor.get("bound")
    reason = dict(anchor["reason"])
    if bound is not None and (value > bound if declared.stricter == "lower" else value < bound):
        held = {
            "en": f" The commitment ({value:g}) is looser than this profile accepts; held at {bound:g}.",
            "fr": f" L'engagement ({value:g}) est plus lâche que ce profil ne l'admet ; ramené à {bound:g}.",
            "de": f" Die Zusage ({value:g}) ist lockerer, als dieses Profil zulässt; auf {bound:g} begrenzt.",
        }
        reason = {lang: text + held[lang] for lang, text in reason.items() if lang in held}
        value = float(bound)
    run.set_parameter(
        pid, cid, name, value, reason, source="commitment", commitment=anchor["commitment"], commitment_source=source
    )
