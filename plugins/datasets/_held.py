"""A deadline KPI that meets its target on deadlines servex has reason to doubt is held at partial.

SLA attainment is the share of requests that meet the committed time. A "before deadline" KPI measures
ends before the export's own deadlines, and two flags (see _deadline_span and _evaluate._at_deadline)
say when those deadlines cannot stand for the commitment:

- ``deadlines_later_than_promised``: the deadlines fall a median of more than twice the time the manifest's
  `commitments` promise. The figure measures deadlines the organisation set itself, not its promise, so a
  met target is held at partial whatever the value.
- ``ends_at_deadline``: at least a tenth of the ends fall exactly on their deadline, to the second, as when
  a due date is written at closing time. Those ends may all be misses; when counting them as missed (the
  export's share of such ends taken off the value) no longer meets the target, the grade is held at partial.
  When the target is met even so, nothing is held: the doubt cannot change the verdict.

A median or percentile of durations meets a "no more than" target on figures that may not be a person's
work or may leave most requests out (see _evaluate._instant and _without_end):

- ``quantile_is_machine_fast``: at least as many of the ends as the quantile's rank (half for a median,
  nine tenths for a 90th percentile) come within seconds of their start. The figure is then itself one of
  those machine-fast values (an automatic acknowledgement counted as the first reply).
- ``quantile_without_most``: at least the rest of the records (half for a median, a tenth for a 90th
  percentile) have no end at all (never answered, never resolved). Over every request, the figure would
  then be one that has no end; the one printed is over the others only.

Two more come from whether the records fit the figure (see _fit):

- ``records_without_deadline``: some records have no deadline, so an on-time share leaves them out; when
  counting them as missed (the value scaled by the share of records with one) no longer meets the target.
- ``dates_without_times``: the end of a duration is a date without a time, so each duration may be up to
  a day longer than counted; when a day more no longer meets a "no more than" target.
- ``same_answer_every_record``: the field the figure measures has one answer on every record, which
  cannot be told from an unrecorded default or a filtered export: always held.
- ``closed_by_the_tool``: records whose status says the tool closed them are at least the quantile's rank
  (the figure is then one of them), or, for an on-time share, counting them as missed misses the target.
- ``key_never_repeats``: a repeat rate of 0 % whose key never repeats (a request number where a customer
  id belongs): always held.

What was observed: with both flagged in the message but graded as computed, "Resolution SLA attainment:
100 %" stood as satisfied on a jobs export due 60 days out against a 3-day promise, and on an export whose
due dates were written when each ticket closed. The value is never changed; the grade, the details
(`held_at_partial`: the rule and its figures) and the gap say what held it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["held_gap", "held_sentence", "holds"]


#: the rank of each quantile a duration KPI may print (see _sql)
_RANK = {"median": 0.5, "p90": 0.9}


def holds(
    value: float,
    target: Mapping[str, Any],
    kpi: Mapping[str, Any],
    flags: Mapping[str, Mapping[str, Any] | None],
    meets: Callable[[float, Mapping[str, Any]], bool],
) -> list[dict[str, Any]]:
    """The rules that hold a met target at partial, each with the figures it rests on (JSON-safe).
    `flags`: the KPI's details of that name (deadlines, at_deadline, instant, without_end), or None."""
    held: list[dict[str, Any]] = []
    unit, span, on_deadline = str(kpi.get("unit", "")), flags.get("deadlines"), flags.get("at_deadline")
    formula = kpi.get("formula") or {}
    rank = _RANK.get(str(formula.get("stat", "median"))) if formula.get("type") == "duration" else None
    if rank is not None and target.get("op") in ("<=", "<"):
        instant, unended = flags.get("instant"), flags.get("without_end")
        if instant and float(instant["share"]) >= rank:
            held.append({"rule": "quantile_is_machine_fast", "share": instant["share"], "rank": rank})
        if unended and float(unended["share"]) >= 1 - rank:
            held.append({"rule": "quantile_without_most", "share": unended["share"], "rank": rank})
    if span and span.get("later_than_promised"):
        held.append(
            {
                "rule": "deadlines_later_than_promised",
                "median_hours": span["median_hours"],
                "promised_hours": span["promised_hours"],
            }
        )
    undated = flags.get("dates_only")
    if undated and undated.get("up_to") and formula.get("type") == "duration" and target.get("op") in ("<=", "<"):
        worst = round(float(value) + float(undated["up_to"]), 2)
        if not meets(worst, target):
            held.append({"rule": "dates_without_times", "fields": undated["fields"], "worst_value": worst})
    closed = flags.get("closed_by_the_tool")
    if closed:
        share = float(closed["share"])
        if rank is not None and target.get("op") in ("<=", "<") and share >= rank:
            held.append({"rule": "closed_by_the_tool", "share": closed["share"]})
        elif unit == "percent" and target.get("op") in (">=", ">"):
            worst = round(max(0.0, float(value) - 100 * share), 2)
            if not meets(worst, target):
                held.append({"rule": "closed_by_the_tool", "share": closed["share"], "worst_value": worst})
    unique = flags.get("key_never_repeats")
    if unique:
        held.append({"rule": "key_never_repeats", "field": unique["field"]})
    same = flags.get("same_answer")
    if same:
        held.append({"rule": "same_answer_every_record", "field": same["field"], "answer": same["answer"]})
    unfit = flags.get("without_deadline")
    if unfit and unit == "percent" and target.get("op") in (">=", ">"):
        worst = round(float(value) * (1 - float(unfit["share"])), 2)
        if not meets(worst, target):
            held.append({"rule": "records_without_deadline", "share": unfit["share"], "worst_value": worst})
    if on_deadline and unit == "percent" and target.get("op") in (">=", ">"):
        worst = round(max(0.0, float(value) - 100 * float(on_deadline["share"])), 2)
        if not meets(worst, target):
            held.append({"rule": "ends_at_deadline", "share": on_deadline["share"], "worst_value": worst})
    return held


def held_sentence(held: list[dict[str, Any]], amount: Callable[[float, str], str]) -> tuple[str, str]:
    """(en, fr) sentences that say the grade is held at partial and by which rule; `amount(value, lang)`
    writes a KPI value."""
    en: list[str] = []
    fr: list[str] = []
    for hold in held:
        if hold["rule"] == "deadlines_later_than_promised":
            en.append("the deadlines are more than twice the promise, so the figure does not show the promise kept")
            fr.append("les échéances dépassent le double de la promesse : le chiffre ne montre pas la promesse tenue")
        elif hold["rule"] == "quantile_is_machine_fast":
            en.append("the figure is itself one of the ends within seconds of their start, as fast as a machine")
            fr.append("le chiffre est lui-même l'une des fins arrivées en quelques secondes, aussi vite qu'une machine")
        elif hold["rule"] == "quantile_without_most":
            en.append("over every request the figure would be one with no end; this one leaves those out")
            fr.append("sur toutes les demandes, le chiffre serait une demande sans fin ; celui-ci les laisse de côté")
        elif hold["rule"] == "dates_without_times":
            worst = hold["worst_value"]
            en.append(f"with the ends a day later, as dates without times allow, it would be {amount(worst, 'en')}")
            fr.append(f"avec des fins un jour plus tard, ce que permettent des dates sans heure, il serait de "
                      f"{amount(worst, 'fr')}")
        elif hold["rule"] == "closed_by_the_tool":
            en.append("the requests the tool closed make the figure, or would miss the target counted as missed")
            fr.append("les demandes closes par l'outil font le chiffre, ou manqueraient la cible comptées comme "
                      "manquées")
        elif hold["rule"] == "key_never_repeats":
            en.append(f"{hold['field']} never repeats, so no repeat contact could be counted")
            fr.append(f"{hold['field']} ne se répète jamais : aucun recontact ne pouvait être compté")
        elif hold["rule"] == "same_answer_every_record":
            en.append(f"{hold['field']} never varies, so the figure cannot be told from an unrecorded default")
            fr.append(f"{hold['field']} ne varie jamais : le chiffre ne se distingue pas d'une valeur par défaut")
        elif hold["rule"] == "records_without_deadline":
            worst = hold["worst_value"]
            en.append(f"counted as missed, the records without a deadline leave {amount(worst, 'en')}, short of "
                      "the target")
            fr.append(f"comptés comme manqués, les enregistrements sans échéance laissent {amount(worst, 'fr')}, "
                      "sous la cible")
        else:
            worst = hold["worst_value"]
            en.append(f"counted as missed, the ends on their deadline leave {amount(worst, 'en')}, short of the target")
            fr.append(
                f"comptées comme manquées, les fins tombant sur leur échéance laissent {amount(worst, 'fr')}, "
                "sous la cible"
            )
    rules = ", ".join(h["rule"] for h in held)
    return (
        f" Held at partial: {'; '.join(en)} (rule {rules}).",
        f" Limité à partiellement satisfait : {' ; '.join(fr)} (règle {rules}).",
    )


def held_gap(held: list[dict[str, Any]], name: tuple[str, str]) -> tuple[str, str]:
    """(en, fr): what would lift the hold."""
    first = held[0]
    if first["rule"] == "deadlines_later_than_promised":
        days = f"{first['promised_hours'] / 24:g}"
        return (
            f"Show {name[0]} against the {days} days promised: deadlines set at the promise, or records of the "
            "time each request took.",
            f"Montrer {name[1]} par rapport aux {days} jours promis : des échéances fixées à la promesse, ou la "
            "durée de chaque demande.",
        )
    if first["rule"] == "quantile_is_machine_fast":
        return (
            f"Show {name[0]} from a person's first answer, not an automatic one (an export that tells them apart).",
            f"Montrer {name[1]} à partir de la première réponse d'une personne, pas d'une réponse automatique.",
        )
    if first["rule"] == "quantile_without_most":
        return (
            f"Answer or close the requests left without an end, or show why they have none, so that {name[0]} "
            "covers them.",
            f"Traiter les demandes restées sans fin, ou montrer pourquoi elles n'en ont pas, pour que {name[1]} "
            "les couvre.",
        )
    if first["rule"] == "dates_without_times":
        return (
            f"Export the times of day, not dates alone, so that {name[0]} can be measured in hours.",
            f"Exporter les heures, pas seulement les dates, pour que {name[1]} puisse être mesuré en heures.",
        )
    if first["rule"] == "closed_by_the_tool":
        return (
            f"Show {name[0]} over the requests a person resolved, apart from those the tool closed.",
            f"Montrer {name[1]} sur les demandes résolues par une personne, à part celles closes par l'outil.",
        )
    if first["rule"] == "key_never_repeats":
        return (
            f"Export the customer's own id in {first['field']}, so that {name[0]} can count the customers who "
            "come back.",
            f"Exporter l'identifiant du client dans {first['field']}, pour que {name[1]} puisse compter les clients "
            "qui reviennent.",
        )
    if first["rule"] == "same_answer_every_record":
        return (
            f"Show how {first['field']} is recorded for each request (who sets it, and when), so that {name[0]} "
            "rests on records rather than a default.",
            f"Montrer comment {first['field']} est saisi pour chaque demande (qui le renseigne, et quand), pour "
            f"que {name[1]} repose sur des enregistrements et non sur une valeur par défaut.",
        )
    if first["rule"] == "records_without_deadline":
        return (
            f"Set a deadline on every request, or show why some have none, so that {name[0]} covers them all.",
            f"Fixer une échéance pour chaque demande, ou montrer pourquoi certaines n'en ont pas, pour que "
            f"{name[1]} les couvre toutes.",
        )
    return (
        f"Show how the export sets its due dates (from the policy, not at closing), so that {name[0]} can stand.",
        f"Montrer comment l'export fixe ses échéances (selon la politique, pas à la clôture), pour que "
        f"{name[1]} soit probant.",
    )
