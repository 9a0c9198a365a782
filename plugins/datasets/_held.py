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
- ``written_answered_in_minutes``: nine in ten written requests (e-mail, web form, letter) have the end
  the figure measures within two minutes of arriving, as an autoresponder's: always held.
- ``never_reopened``: a resolution figure over at least 200 tickets of which not one was ever reopened, as
  an export without its reopened tickets shows: always held.
- ``closed_complaints_only``: a resolution figure over at least 50 complaints each of which has a
  resolution, the latest inside the period, as an export of the closed complaints alone shows: always held.
- ``answers_from_review_sites``: at least half the answers come from public review sites (Trustpilot,
  Google, Tripadvisor ...), whose reviewers choose themselves: always held.
- ``answers_without_complaint``: complaints whose exports hold nothing of a complaint (no acknowledgement,
  resolution, deadline, category, status or outcome), as a survey of all customers mapped as complaints:
  always held.
- ``records_without_reference``: complaints whose exports have no reference (id) to trace each to its
  file, as an autoresponder's log has none: always held.

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
    penned = flags.get("written_fast")
    if penned:
        held.append({"rule": "written_answered_in_minutes", "field": penned["field"], "share": penned["share"]})
    if flags.get("never_reopened"):
        held.append({"rule": "never_reopened", "field": "reopened"})
    if flags.get("only_closed"):
        held.append({"rule": "closed_complaints_only", "field": "resolved_at"})
    reviews = flags.get("review_site")
    if reviews:
        held.append({"rule": "answers_from_review_sites", "sites": reviews["sites"]})
    if flags.get("no_complaint_fields"):
        held.append({"rule": "answers_without_complaint"})
    unreferenced = flags.get("without_reference")
    if unreferenced:
        held.append({"rule": "records_without_reference", "field": unreferenced["field"]})
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


#: a hold's rule -> (en, fr) clause saying why the grade is held; {worst} is its `worst_value` as the KPI
#: writes it, {field} the field it names
_SAID: dict[str, tuple[str, str]] = {
    "deadlines_later_than_promised": (
        "the deadlines are more than twice the promise, so the figure does not show the promise kept",
        "les échéances dépassent le double de la promesse : le chiffre ne montre pas la promesse tenue",
    ),
    "quantile_is_machine_fast": (
        "the figure is itself one of the ends within seconds of their start, as fast as a machine",
        "le chiffre est lui-même l'une des fins arrivées en quelques secondes, aussi vite qu'une machine",
    ),
    "quantile_without_most": (
        "over every request the figure would be one with no end; this one leaves those out",
        "sur toutes les demandes, le chiffre serait une demande sans fin ; celui-ci les laisse de côté",
    ),
    "dates_without_times": (
        "with the ends a day later, as dates without times allow, it would be {worst}",
        "avec des fins un jour plus tard, ce que permettent des dates sans heure, il serait de {worst}",
    ),
    "closed_by_the_tool": (
        "the requests the tool closed make the figure, or would miss the target counted as missed",
        "les demandes closes par l'outil font le chiffre, ou manqueraient la cible comptées comme manquées",
    ),
    "key_never_repeats": (
        "{field} never repeats, so no repeat contact could be counted",
        "{field} ne se répète jamais : aucun recontact ne pouvait être compté",
    ),
    "written_answered_in_minutes": (
        "nine in ten written requests have their {field} within two minutes, as an automatic reply has",
        "neuf demandes écrites sur dix ont leur {field} en moins de deux minutes, comme une réponse automatique",
    ),
    "never_reopened": (
        "not one ticket was ever reopened, so the figure may leave out the reopened ones",
        "aucune demande n'a jamais été rouverte : le chiffre peut laisser de côté les demandes rouvertes",
    ),
    "closed_complaints_only": (
        "every complaint of the export is closed, the last within the period, so those still open are left out",
        "toutes les réclamations de l'export sont clôturées, la dernière dans la période : celles encore ouvertes "
        "sont laissées de côté",
    ),
    "answers_from_review_sites": (
        "the answers come from public review sites, whose reviewers choose themselves",
        "les réponses viennent de sites d'avis publics, dont les auteurs se choisissent eux-mêmes",
    ),
    "answers_without_complaint": (
        "nothing in the export shows these customers complained",
        "rien dans l'export ne montre que ces clients ont réclamé",
    ),
    "records_without_reference": (
        "no record carries a complaint reference ({field}), so none can be traced to a complaint file",
        "aucun enregistrement ne porte de référence de réclamation ({field}) : aucun ne peut être rapproché "
        "d'un dossier",
    ),
    "same_answer_every_record": (
        "{field} never varies, so the figure cannot be told from an unrecorded default",
        "{field} ne varie jamais : le chiffre ne se distingue pas d'une valeur par défaut",
    ),
    "records_without_deadline": (
        "counted as missed, the records without a deadline leave {worst}, short of the target",
        "comptés comme manqués, les enregistrements sans échéance laissent {worst}, sous la cible",
    ),
    "ends_at_deadline": (
        "counted as missed, the ends on their deadline leave {worst}, short of the target",
        "comptées comme manquées, les fins tombant sur leur échéance laissent {worst}, sous la cible",
    ),
}

#: a hold's rule -> (en, fr) gap: what would lift it; {name} is the KPI's name, {field} and {days} the
#: hold's field and the promise in days
_LIFTS: dict[str, tuple[str, str]] = {
    "deadlines_later_than_promised": (
        "Show {name} against the {days} days promised: deadlines set at the promise, or records of the time each "
        "request took.",
        "Montrer {name} par rapport aux {days} jours promis : des échéances fixées à la promesse, ou la durée de "
        "chaque demande.",
    ),
    "quantile_is_machine_fast": (
        "Show {name} from a person's first answer, not an automatic one (an export that tells them apart).",
        "Montrer {name} à partir de la première réponse d'une personne, pas d'une réponse automatique.",
    ),
    "quantile_without_most": (
        "Answer or close the requests left without an end, or show why they have none, so that {name} covers them.",
        "Traiter les demandes restées sans fin, ou montrer pourquoi elles n'en ont pas, pour que {name} les couvre.",
    ),
    "dates_without_times": (
        "Export the times of day, not dates alone, so that {name} can be measured in hours.",
        "Exporter les heures, pas seulement les dates, pour que {name} puisse être mesuré en heures.",
    ),
    "closed_by_the_tool": (
        "Show {name} over the requests a person resolved, apart from those the tool closed.",
        "Montrer {name} sur les demandes résolues par une personne, à part celles closes par l'outil.",
    ),
    "key_never_repeats": (
        "Export the customer's own id in {field}, so that {name} can count the customers who come back.",
        "Exporter l'identifiant du client dans {field}, pour que {name} puisse compter les clients qui reviennent.",
    ),
    "written_answered_in_minutes": (
        "Show {name} from a person's first answer to each e-mail or form, not an automatic one (an export that "
        "tells them apart).",
        "Montrer {name} à partir de la première réponse d'une personne à chaque courriel ou formulaire, pas "
        "d'une réponse automatique.",
    ),
    "never_reopened": (
        "Export every ticket, reopened ones included, with how often each was reopened, so that {name} covers "
        "them.",
        "Exporter toutes les demandes, rouvertes comprises, avec le nombre de réouvertures de chacune, pour que "
        "{name} les couvre.",
    ),
    "closed_complaints_only": (
        "Export the whole complaints register, the complaints still open at the end of the period included, so "
        "that {name} covers them.",
        "Exporter tout le registre des réclamations, y compris celles encore ouvertes à la fin de la période, "
        "pour que {name} les couvre.",
    ),
    "answers_from_review_sites": (
        "Show {name} from a survey of the organisation's own customers (asked after a contact or at random), not "
        "from reviews on public sites.",
        "Montrer {name} à partir d'une enquête auprès des clients de l'organisation (interrogés après un contact "
        "ou au hasard), pas d'avis publiés sur des sites publics.",
    ),
    "answers_without_complaint": (
        "Show {name} from the complaints register (with how each complaint was handled), or from a survey of "
        "complainants only.",
        "Montrer {name} à partir du registre des réclamations (avec le traitement de chacune), ou d'une enquête "
        "auprès des seuls réclamants.",
    ),
    "records_without_reference": (
        "Export the complaints register with each complaint's reference ({field}), so that {name} rests on "
        "complaints that can be traced.",
        "Exporter le registre des réclamations avec la référence de chacune ({field}), pour que {name} repose sur "
        "des réclamations traçables.",
    ),
    "same_answer_every_record": (
        "Show how {field} is recorded for each request (who sets it, and when), so that {name} rests on records "
        "rather than a default.",
        "Montrer comment {field} est saisi pour chaque demande (qui le renseigne, et quand), pour que {name} "
        "repose sur des enregistrements et non sur une valeur par défaut.",
    ),
    "records_without_deadline": (
        "Set a deadline on every request, or show why some have none, so that {name} covers them all.",
        "Fixer une échéance pour chaque demande, ou montrer pourquoi certaines n'en ont pas, pour que {name} les "
        "couvre toutes.",
    ),
    "ends_at_deadline": (
        "Show how the export sets its due dates (from the policy, not at closing), so that {name} can stand.",
        "Montrer comment l'export fixe ses échéances (selon la politique, pas à la clôture), pour que {name} soit "
        "probant.",
    ),
}


def held_sentence(held: list[dict[str, Any]], amount: Callable[[float, str], str]) -> tuple[str, str]:
    """(en, fr) sentences that say the grade is held at partial and by which rule; `amount(value, lang)`
    writes a KPI value."""
    said: dict[str, list[str]] = {"en": [], "fr": []}
    for hold in held:
        worst = hold.get("worst_value")
        for lang, words in zip(("en", "fr"), _SAID[hold["rule"]], strict=True):
            said[lang].append(
                words.format(field=hold.get("field", ""), worst=amount(worst, lang) if worst is not None else "")
            )
    rules = ", ".join(h["rule"] for h in held)
    return (
        f" Held at partial: {'; '.join(said['en'])} (rule {rules}).",
        f" Limité à partiellement satisfait : {' ; '.join(said['fr'])} (règle {rules}).",
    )


def held_gap(held: list[dict[str, Any]], name: tuple[str, str]) -> tuple[str, str]:
    """(en, fr): what would lift the first hold."""
    first = held[0]
    days = f"{first['promised_hours'] / 24:g}" if "promised_hours" in first else ""
    en, fr = _LIFTS[first["rule"]]
    return (
        en.format(name=name[0], field=first.get("field", ""), days=days),
        fr.format(name=name[1], field=first.get("field", ""), days=days),
    )
