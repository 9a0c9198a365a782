"""The `kpi` and `dataset` evaluators: judge computed KPIs and data exports against a requirement.

A KPI too thin to judge (small sample, months missing from the period) is `insufficient`, never
`unsatisfied`: an organisation must not fail a criterion because it sent three weeks of data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servex import EvaluationContext, Requirement, RequirementOutcome, unit_symbol
from servex.plugins.datasets._coverage import coverage_of, thin_note
from servex.plugins.datasets._fit import (
    closed_by_the_tool,
    dates_only,
    fit_sentences,
    key_never_repeats,
    never_reopened,
    nothing_of_a_complaint,
    only_closed,
    review_site,
    same_answer,
    without_deadline,
    without_reference,
    written_fast,
)
from servex.plugins.datasets._held import held_gap, held_sentence, holds
from servex.plugins.datasets._margin import margin_of
from servex.plugins.datasets._order import INSTANT_SECONDS, ORDER

__all__ = ["evaluate_kpi", "items_of", "msg", "trend_verdict"]

_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}
#: what a sample's figure is, by formula type, in the sentence that gives its 95 % range (see _margin)
_SAMPLED_FIGURE = {"top_box": ("share", "la part"), "nps": ("score", "le score"), "mean": ("mean", "la moyenne")}
_TOLERANCE = 0.01  # not_declining: a slope within 1 % of the mean per month counts as flat

_EXPECT_FR = {"improving": "en amélioration", "sustained": "maintenue", "not_declining": "sans dégradation"}


def _amount(value: float, unit: str, lang: str) -> str:
    """A KPI value as a reader writes it: one decimal at most, the unit's symbol, a decimal comma in French."""
    text = f"{round(float(value), 1):g}"
    if lang == "fr":
        text = text.replace(".", ",")
    return f"{text} {unit_symbol(unit, lang)}".rstrip()


def _count(n: int, lang: str) -> str:
    """A count as each language writes it: 18,012 in English, 18 012 in French."""
    return f"{n:,}".replace(",", "\u202f") if lang == "fr" else f"{n:,}"


def _meets(value: float, target: Mapping[str, Any]) -> bool:
    return bool(_OPS[target["op"]](value, float(target["value"])))


def items_of(ctx: EvaluationContext, dataset: str) -> list[Any]:
    return sorted((i for i in ctx.items("dataset") if i.attributes.get("dataset") == dataset), key=lambda i: i.id)


def trend_verdict(values: list[float], expect: str, direction: str, target: Mapping[str, Any]) -> tuple[bool, float]:
    """Whether the monthly values show `expect`, and the least-squares slope per month (signed so that
    positive is better). Definitions: docs/evidence-data.md."""
    sign = 1.0 if direction == "higher_is_better" else -1.0
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    slope = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values)) / sum((i - mean_x) ** 2 for i in range(n))
    better = sign * slope
    if expect == "improving":
        return better > 0 and sign * (values[-1] - values[0]) > 0, better
    if expect == "sustained":
        return all(_meets(v, target) for v in values), better
    return better >= -_TOLERANCE * abs(mean_y), better


#: the share of ends within seconds of their start from which a duration KPI is flagged (see _order)
INSTANT_FLAG_SHARE = 0.1


def _instant(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """How many of the ends a duration KPI measures come within seconds of their start, when that is at
    least :data:`INSTANT_FLAG_SHARE` of them: what a helpdesk's automatic acknowledgement, counted as the
    first reply, looks like. What was observed: with every ticket's first reply an auto-reply sent the
    second it was opened, the median first reply time printed was 0 h, graded as met, and nothing said so."""
    formula = kpi.get("formula") or {}
    end = formula.get("end")
    if not isinstance(end, str):
        return None
    start = ORDER.get(str(kpi.get("dataset")), {}).get(end, (formula.get("start") or "its start", ""))[0]
    found = [i.attributes.get("instant", {}).get(end) for i in items]
    n, of = sum(int(f["n"]) for f in found if f), sum(int(f["of"]) for f in found if f)
    if not of or n / of < INSTANT_FLAG_SHARE:
        return None
    return {"field": end, "start": start, "n": n, "of": of, "share": round(n / of, 4)}


#: the share of records without the end a duration KPI measures from which the KPI says so
NO_END_FLAG_SHARE = 0.2


def _without_end(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """How many records of the exports have no value of the end a duration KPI measures (no first reply,
    not resolved), when that is at least :data:`NO_END_FLAG_SHARE` of them. What was observed: 6,000
    tickets of which 5,400 never got a first reply printed "First reply time (median): 1 h, n = 600",
    met, without a word: a median of answer times says nothing of the requests never answered."""
    formula = kpi.get("formula") or {}
    end = formula.get("end")
    if formula.get("type") != "duration" or not isinstance(end, str):
        return None
    counted: list[tuple[int, int]] = []  # (records, of which with an end) per export that has the field
    for item in items:
        present = item.attributes.get("present") or {}
        if end in present:
            counted.append((int(item.attributes.get("rows") or 0), int(present[end])))
    of = sum(rows for rows, _n in counted)
    n = of - sum(ended for _rows, ended in counted)
    if not of or n / of < NO_END_FLAG_SHARE:
        return None
    return {"field": end, "n": n, "of": of, "share": round(n / of, 4)}


def _at_deadline(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """How many of the ends a deadline KPI compares fall exactly on their deadline, to the second, when
    that is at least :data:`INSTANT_FLAG_SHARE` of them. What was observed: an export whose due dates were
    written when each ticket closed printed "Resolution SLA attainment: 100 %", met, without a word: a
    deadline set from the closing time is always kept."""
    formula = kpi.get("formula") or {}
    deadline, end = formula.get("deadline"), formula.get("end")
    if formula.get("type") != "before_deadline" or not isinstance(deadline, str):
        return None
    found = [(i.attributes.get("at_deadline") or {}).get(deadline) for i in items]
    n, of = sum(int(f["n"]) for f in found if f), sum(int(f["of"]) for f in found if f)
    if not of or n / of < INSTANT_FLAG_SHARE:
        return None
    return {"field": deadline, "end": end, "n": n, "of": of, "share": round(n / of, 4)}


def msg(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


class _Failed:
    """A KPI batch the engine could not compute (out of memory, a broken file): remembered for the run,
    so the failure costs one attempt, not one per requirement."""

    def __init__(self, message: str) -> None:
        self.message = message


def _batch(
    ctx: EvaluationContext, kpi: Mapping[str, Any], date_field: str, scales: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    """The KPIs the criteria set asks of this KPI's dataset and date field: computed together, they cost
    one scan of the data instead of one each."""
    from servex.plugins.datasets._engine import FormulaError, date_field_of
    from servex.plugins.datasets._fields import FIELDS
    from servex.plugins.datasets._scales import adapt
    from servex.plugins.datasets._sql import compile_formula

    dataset = kpi["dataset"]

    def members() -> list[Mapping[str, Any]]:
        """Every KPI asked of this dataset and date field that fits the data's scales (once per run, not
        once per requirement: each check compiles a formula)."""
        wanted = {
            str(r.params.get("kpi"))
            for c in getattr(ctx.criteria_set, "criteria", ())
            for r in c.evidence
            if r.type == "kpi" and not r.params.get("segment")
        }
        found: list[Mapping[str, Any]] = []
        for kpi_id in sorted(wanted):
            other = ctx.kpis.get(kpi_id)
            if other is None or other.get("dataset") != dataset:
                continue
            try:
                if date_field_of(other) == date_field:
                    fitted, reason = adapt(other, scales)
                    if reason:
                        continue
                    compile_formula(fitted, set(FIELDS[dataset]))
                    found.append(fitted)
            except (FormulaError, KeyError, TypeError, ValueError):
                continue  # a broken definition fails on its own requirement, not on its neighbours'
        return found

    key = ("datasets.batch", str(dataset), date_field, repr(sorted(scales.items(), key=repr)))
    batch = [kpi, *(other for other in ctx.memo(key, members) if other["id"] != kpi["id"])]
    return sorted(batch, key=lambda k: str(k["id"]))


def _compute(
    ctx: EvaluationContext,
    kpi: Mapping[str, Any],
    paths: tuple[Any, ...],
    segment: Mapping[str, Any] | None,
    scales: Mapping[str, Any],
    remote: tuple[Any, ...] = (),
) -> dict[str, Any] | _Failed:
    from servex.plugins.datasets._engine import FormulaError, compute_kpis, date_field_of
    from servex.plugins.datasets._kpicache import cached
    from servex.plugins.datasets._settings import engine_settings

    period = ctx.manifest.get("period") if isinstance(ctx.manifest, Mapping) else None
    zone = str(period.get("timezone") or "UTC") if isinstance(period, Mapping) else "UTC"

    def run(batch: list[Mapping[str, Any]], seg: Mapping[str, Any] | None) -> dict[str, Any]:
        try:
            if remote:  # a warehouse table (plugins/warehouse): computed in its database
                if len(remote) > 1 or paths:
                    raise ValueError(
                        f"{kpi['dataset']} comes from a warehouse table and from other sources; a KPI's "
                        "records cannot be combined across them: keep one source per dataset"
                    )
                return dict(remote[0].compute_kpis(batch, ctx.period, seg, zone=zone))
            settings = engine_settings(ctx.manifest)
            return cached(
                batch, paths, ctx.period, seg, zone,
                lambda: compute_kpis(batch, paths, ctx.period, seg, zone=zone, settings=settings),
            )
        except FormulaError:
            raise
        except (ValueError, OSError) as exc:
            return {str(k["id"]): _Failed(" ".join(str(exc).split())[:240]) for k in batch}
        except Exception as exc:  # DuckDB: out of memory, unreadable cache file
            text = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
            if "OutOfMemory" in type(exc).__name__:
                text = (
                    f"DuckDB ran out of memory ({engine_settings(ctx.manifest).memory_limit}); raise "
                    "SERVEX_DUCKDB_MEMORY or the "
                    "datasets source's engine.memory_limit"
                )
            return {str(k["id"]): _Failed(text) for k in batch}

    if segment:
        one = ("datasets.kpi", str(kpi["id"]), json.dumps(segment, sort_keys=True, default=str), paths, remote)
        result: dict[str, Any] | _Failed = ctx.memo(one, lambda: run([kpi], segment))[str(kpi["id"])]
        return result
    date_field = date_field_of(kpi)
    batch = _batch(ctx, kpi, date_field, scales)
    key = ("datasets.kpis", kpi["dataset"], date_field, tuple(str(k["id"]) for k in batch), paths, remote)
    result = ctx.memo(key, lambda: run(batch, None))[str(kpi["id"])]
    return result


def _from_totals(kpi: Mapping[str, Any], ctx: EvaluationContext) -> Mapping[str, Any]:
    """The KPI as computed from an aggregate export (monthly totals) when there is no record-level export
    of its dataset but there is one of the aggregate kind its definition allows."""
    from servex.plugins.datasets._fields import DATE_FIELDS

    totals = kpi.get("totals")
    if not isinstance(totals, Mapping) or items_of(ctx, kpi["dataset"]) or not items_of(ctx, totals["dataset"]):
        return kpi
    formula = {"type": "totals", "numerator": totals["numerator"], "denominator": totals["denominator"]}
    if totals.get("where"):
        formula["where"] = totals["where"]
    return {
        **kpi,
        "dataset": totals["dataset"],
        "date_field": DATE_FIELDS[totals["dataset"]],
        "formula": formula,
        "from_totals": True,
    }


def _not_computed(kpi: Mapping[str, Any], ids: tuple[str, ...], state: str, en: str, fr: str) -> RequirementOutcome:
    return RequirementOutcome(
        state,
        msg(f"KPI {kpi['id']} cannot be computed: {en}", f"L'indicateur {kpi['id']} est incalculable : {fr}"),
        ids,
        {"kpi": kpi["id"], "kpi_name": _names(kpi), "value": None, "sample": 0, "unit": kpi.get("unit")},
    )


def _names(kpi: Mapping[str, Any]) -> dict[str, str]:
    """The KPI's own name per language, so a report can label a KPI defined in a set or a manifest."""
    raw = kpi.get("name")
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, Mapping) else {}


def _local(payload: Any) -> Any:
    """A file item's records: its Table (in memory or Parquet, see _live), or a path another collector gave."""
    from servex.plugins.datasets._live import Table

    return payload if isinstance(payload, Table) else Path(payload)


def evaluate_kpi(req: Requirement, ctx: EvaluationContext) -> RequirementOutcome:
    from servex.plugins.datasets._deadline_span import deadline_span
    from servex.plugins.datasets._engine import FormulaError
    from servex.plugins.datasets._fields import own_score
    from servex.plugins.datasets._scales import adapt, data_scales, doubts

    p = req.params
    defined = ctx.kpis.get(p["kpi"])
    if defined is None:
        return RequirementOutcome(
            "error", msg(f"KPI {p['kpi']!r} is not defined.", f"L'indicateur {p['kpi']!r} n'est pas défini.")
        )
    defined = _from_totals(defined, ctx)
    items = items_of(ctx, defined["dataset"])
    ids = tuple(i.id for i in items)
    segment = p.get("segment")
    # A warehouse item's payload computes its KPIs in its database; a file item's is its canonical Parquet.
    remote = tuple(i.payload for i in items if hasattr(i.payload, "compute_kpis"))
    paths = tuple(_local(i.payload) for i in items if not hasattr(i.payload, "compute_kpis"))
    scales = data_scales(items)
    kpi, unfit = adapt(defined, scales)
    if unfit:  # computing it anyway would print a number that means something else
        return _not_computed(kpi, ids, "insufficient", f"{unfit}.", f"{unfit}.")
    try:
        res = _compute(ctx, kpi, paths, segment, scales, remote)
    except FormulaError as exc:
        return _not_computed(kpi, ids, "error", str(exc), str(exc))
    if isinstance(res, _Failed):
        return _not_computed(kpi, ids, "error", res.message, res.message)
    raw_name = kpi.get("name")
    names: Mapping[str, Any] = raw_name if isinstance(raw_name, Mapping) else {}
    name, name_fr = str(names.get("en", kpi["id"])), str(names.get("fr", names.get("en", kpi["id"])))
    min_sample = int(p.get("min_sample", kpi.get("min_sample", 1)))
    min_cov = float(p.get("min_coverage", 0.75))
    details: dict[str, Any] = {
        "kpi": kpi["id"],
        "kpi_name": _names(kpi),
        "value": res["value"],
        "unit": kpi.get("unit"),
        "direction": kpi.get("direction"),
        "target": dict(p["target"]),
        "partial_target": dict(p["partial_target"]) if "partial_target" in p else None,
        "sample": res["sample"],
        "min_sample": min_sample,
        "coverage": res["coverage"],
        "min_coverage": min_cov,
        "months_covered": res["months_covered"],
        "thin_months": dict(res.get("thin_months") or {}) or None,
        "monthly": res["monthly"],
        "breakdowns": res["breakdowns"],
        "segment": dict(segment) if segment else None,
        "missing_fields": res["missing_fields"],
        "scale": kpi.get("scale_used"),
        "from_totals": bool(kpi.get("from_totals")),
        "scale_doubts": doubts(defined, items) or None,
    }
    # what the data checks flag beside the figure (the details' keys), and what may hold a met target (_held)
    flags: dict[str, dict[str, Any] | None] = {
        "instant": _instant(kpi, items),
        "without_end": _without_end(kpi, items),
        "at_deadline": _at_deadline(kpi, items),
        "deadlines": deadline_span(kpi, items, ctx.manifest),
        "without_deadline": without_deadline(kpi, items),  # see _fit, as the three below
        "dates_only": dates_only(kpi, items),
        "same_answer": same_answer(kpi, items),
        "closed_by_the_tool": closed_by_the_tool(kpi, items),
        "written_fast": written_fast(kpi, items),
        "no_complaint_fields": nothing_of_a_complaint(kpi, items),
        "never_reopened": never_reopened(kpi, items),
        "only_closed": only_closed(kpi, items, ctx.period.end.isoformat()),
    }
    details.update({key: flag for key, flag in flags.items() if flag})
    instant, unended, on_deadline, span = (flags[k] for k in ("instant", "without_end", "at_deadline", "deadlines"))
    repeated = sum(int(i.attributes.get("repeated_ids") or 0) for i in items)
    if repeated:
        details["repeated_ids"] = repeated
    if not items:
        return RequirementOutcome(
            "insufficient",
            msg(
                f"No {kpi['dataset']} export was provided, so {name} cannot be computed.",
                f"Aucun export {kpi['dataset']} n'a été fourni : {name_fr} ne peut pas être calculé.",
            ),
            ids,
            details,
            gap=msg(
                f"Provide a {kpi['dataset']} export covering the assessment period.",
                f"Fournir un export {kpi['dataset']} couvrant la période évaluée.",
            ),
        )
    if res["missing_fields"]:
        # A column the export does not have at all is not measured, which is not the same as every
        # record failing: a KPI computed without it (e.g. 0 % acknowledged in time) would be invented.
        fields = ", ".join(res["missing_fields"])
        own = ", ".join(f for f in res["missing_fields"] if own_score(str(kpi["dataset"]), f))
        hint = (
            (
                f" No file maps a survey item {own} (`scores:` in servex.yaml).",
                f" Aucun fichier ne déclare l'item d'enquête {own} (`scores:` dans servex.yaml).",
            )
            if own
            else ("", "")
        )
        return RequirementOutcome(
            "insufficient",
            msg(
                f"{name} cannot be measured: the {kpi['dataset']} export has no {fields} field.{hint[0]}",
                f"{name_fr} ne peut pas être mesuré : l'export {kpi['dataset']} ne contient pas le champ "
                f"{fields}.{hint[1]}",
            ),
            ids,
            details,
            gap=msg(
                f"Record {fields} in the {kpi['dataset']} data so that {name} can be measured.",
                f"Enregistrer {fields} dans les données {kpi['dataset']} pour pouvoir mesurer : {name_fr}.",
            ),
        )
    if segment and not res["sample"] and res.get("segment_values") is not None:
        seen = "; ".join(
            f"{f}: {', '.join(v) if v else '(no value)'}" for f, v in sorted(res["segment_values"].items())
        )
        wanted = ", ".join(f"{f} = {v}" for f, v in sorted(segment.items()))
        return RequirementOutcome(
            "insufficient",
            msg(
                f"{name}: no record matches the segment {wanted}; values in the data: {seen}.",
                f"{name_fr} : aucun enregistrement ne correspond au segment {wanted} ; valeurs présentes : {seen}.",
            ),
            ids,
            details,
        )
    if res["sample"] < min_sample or res["value"] is None:
        return RequirementOutcome(
            "insufficient",
            msg(
                f"{name}: {res['sample']} records in the period, fewer than the {min_sample} needed.",
                f"{name_fr} : {res['sample']} enregistrements sur la période, moins que les {min_sample} requis.",
            ),
            ids,
            details,
        )
    thin = thin_note(res.get("thin_months") or {}, coverage_of(res["monthly"]).average)
    if res["coverage"] < min_cov:
        share, need = round(100 * res["coverage"]), round(100 * min_cov)
        return RequirementOutcome(
            "insufficient",
            msg(
                f"{name}: data covers {share} % of the period's months, below the {need} % needed.{thin[0]}",
                f"{name_fr} : les données couvrent {share} % des mois de la période, moins que les {need} % "
                f"requis.{thin[1]}",
            ),
            ids,
            details,
        )
    value, unit = res["value"], kpi.get("unit", "")
    target = p["target"]
    n = res["sample"]
    shown = f"{_amount(value, unit, 'en')} (target {target['op']} {_amount(target['value'], unit, 'en')}, n={n})"
    shown_fr = f"{_amount(value, unit, 'fr')} (cible {target['op']} {_amount(target['value'], unit, 'fr')}, n={n})"
    # the formula as defined: `adapt` may rewrite a top box
    margin = margin_of(defined, value, n, target, res.get("spread"))
    if margin is not None:
        details["margin"] = margin
    details["target_met"] = _meets(value, target)  # the figure itself: a trend or a hold may still make it partial
    if details["target_met"]:
        state = "satisfied"
    elif "partial_target" in p and _meets(value, p["partial_target"]):
        state = "partial"
    else:
        state = "unsatisfied"
    en, fr = f"{name}: {shown}.{thin[0]}", f"{name_fr} : {shown_fr}.{thin[1]}"
    if res.get("approximate"):  # the warehouse's percentiles are estimates (Trino, BigQuery, ClickHouse...)
        details["approximate"] = True
        en += " Approximate: the database computes this percentile by estimation."
        fr += " Valeur approchée : la base de données calcule ce centile par estimation."
    for field, high in sorted((details["scale_doubts"] or {}).items()):
        en += f" Check the scale: no {field} answer above {high:g}; declare the question's scale if it is shorter."
        fr += (
            f" Vérifier l'échelle : aucune réponse {field} au-dessus de {high:g} ; "
            "déclarer l'échelle de la question si elle est plus courte."
        )
    if margin is not None and margin["target_inside"]:  # a sample's figure: the verdict could go either way
        what, what_fr = _SAMPLED_FIGURE.get(str((defined.get("formula") or {}).get("type")), _SAMPLED_FIGURE["top_box"])
        low, high = (_amount(margin[k], unit, "en") for k in ("low", "high"))
        en += (
            f" With {n:,} answers, the {what} could be anywhere from {low} to {high} (95% confidence): the target "
            "lies inside that range, so more answers are needed to tell whether it is met."
        )
        low, high = (_amount(margin[k], unit, "fr") for k in ("low", "high"))
        fr += (
            f" Avec {n} réponses, {what_fr} peut se situer entre {low} et {high} (confiance 95 %) : la cible est "
            "dans cet intervalle, il faut davantage de réponses pour savoir si elle est atteinte."
        )
    if span and span.get("later_than_promised"):  # kept as the data says; the deadlines are said beside it
        days, promised = span["median_hours"] / 24, span["promised_hours"] / 24
        en += (
            f" The export's {span['field']} deadlines fall a median of {days:g} days after the request, more than "
            f"twice the {promised:g} days promised: this measures ends before those deadlines, not the promise."
        )
        fr += (
            f" Les échéances {span['field']} de l'export tombent en médiane {days:g} jours après la demande, plus "
            f"du double des {promised:g} jours promis : ce chiffre mesure le respect de ces échéances, pas la "
            "promesse."
        )
    if on_deadline:  # kept: the export cannot say how its due dates were set; the assessor can ask
        share, end, deadline = round(100 * on_deadline["share"]), on_deadline["end"], on_deadline["field"]
        en += (
            f" {share} % of the {end} values fall exactly on their {deadline}, to the second: a deadline written "
            "when the request closed is always kept; check how the export sets its due dates."
        )
        fr += (
            f" {share} % des valeurs {end} tombent exactement sur leur {deadline}, à la seconde près : une échéance "
            "écrite à la clôture de la demande est toujours tenue ; vérifier comment l'export fixe ses échéances."
        )
    if unended:  # the figure stands for the records that have an end; the others are said, not guessed at
        share, end = round(100 * unended["share"]), unended["field"]
        en += (
            f" {share} % of the records in the export ({unended['n']:,} of {unended['of']:,}) have no {end}: "
            "this figure describes only those that have one, and says nothing of the others."
        )
        n_fr, of_fr = (_count(int(unended[k]), "fr") for k in ("n", "of"))
        fr += (
            f" {share} % des enregistrements de l'export ({n_fr} sur {of_fr}) n'ont pas de "
            f"valeur {end} : ce chiffre ne décrit que ceux qui en ont une, et rien des autres."
        )
    flags["review_site"] = review_site(kpi, res["breakdowns"])  # from the figure's channel breakdown
    if flags["review_site"]:
        details["review_site"] = flags["review_site"]
    flags["key_never_repeats"] = key_never_repeats(kpi, items, value)  # known once the value is
    if flags["key_never_repeats"]:
        details["key_never_repeats"] = flags["key_never_repeats"]
    flags["without_reference"] = without_reference(kpi, items)
    if flags["without_reference"]:
        details["without_reference"] = flags["without_reference"]
    said_fit = fit_sentences(flags, lambda count, lang: _count(int(count), lang))
    en, fr = en + said_fit[0], fr + said_fit[1]
    if instant:  # kept: a chat answered in seconds is real, an auto-reply is not, and the export cannot say
        share, end, start = round(100 * instant["share"]), instant["field"], instant["start"]
        en += (
            f" {share} % of {end} values come within {INSTANT_SECONDS} seconds of {start}, as fast as a machine: "
            "an automatic reply, or a record opened already closed, measures no person's work; check what the "
            "export records."
        )
        fr += (
            f" {share} % des valeurs {end} arrivent moins de {INSTANT_SECONDS} secondes après {start}, aussi vite "
            "qu'une machine : une réponse automatique, ou un dossier ouvert déjà clos, ne mesure le travail de "
            "personne ; vérifier ce que l'export enregistre."
        )
    if repeated:  # see _duplicates: kept, as servex cannot tell which of the rows is right
        one = repeated == 1
        en += (
            f" {repeated} {'record shares' if one else 'records share'} an id with a different record; all are "
            "counted, so check the export."
        )
        fr += (
            f" {repeated} {'enregistrement partage' if one else 'enregistrements partagent'} un identifiant avec "
            "un autre, différent ; tous sont comptés : vérifier l'export."
        )
    if "trend" in p:
        periods, expect = int(p["trend"]["periods"]), p["trend"]["expect"]
        counted = set(res["months_covered"])  # a trend resting on a month of token records shows nothing
        recent = [m for m in res["monthly"] if m["value"] is not None and m["month"] in counted][-periods:]
        if len(recent) < periods:
            return RequirementOutcome(
                "insufficient",
                msg(
                    f"{name}: a trend over {periods} months needs data in {periods} months; found {len(recent)}.",
                    f"{name_fr} : une tendance sur {periods} mois exige {periods} mois de données ; "
                    f"{len(recent)} trouvés.",
                ),
                ids,
                details,
            )
        met, slope = trend_verdict([float(m["value"]) for m in recent], expect, kpi.get("direction", ""), target)
        details["trend"] = {
            "periods": periods,
            "expect": expect,
            "met": met,
            "slope": round(slope, 4),
            "months": [m["month"] for m in recent],
        }
        en += f" Trend over {periods} months: {expect} {'met' if met else 'not met'}."
        fr += f" Tendance sur {periods} mois : {_EXPECT_FR.get(expect, expect)} {'oui' if met else 'non'}."
        if not met and state == "satisfied":
            state = "partial"
    held = holds(value, target, kpi, flags, _meets) if state == "satisfied" else []
    if held:  # a met target on deadlines in doubt (see _held): the value stands, the grade does not
        state = "partial"
        details["held_at_partial"] = held
        said = held_sentence(held, lambda v, lang: _amount(v, unit, lang))
        en, fr = en + said[0], fr + said[1]
    gap = (
        None
        if state == "satisfied"
        else msg(*held_gap(held, (name, name_fr)))
        if held
        else msg(
            f"Bring {name} to {target['op']} {_amount(target['value'], unit, 'en')}.",
            f"Amener {name_fr} à {target['op']} {_amount(target['value'], unit, 'fr')}.",
        )
    )
    return RequirementOutcome(state, msg(en, fr), ids, details, gap=gap)
