"""Whether the records fit the figure a KPI prints: deadlines on only some records, dates without times.

Two ways an export can give a precise-looking figure it cannot support, each observed with a met target
and nothing said:

- **Deadlines on some records only.** An on-time share ("resolution SLA attainment") counts the records
  that have a deadline. With due dates set on 1,988 of 20,000 tickets (the ones handled fast), it printed
  "100 % (target >= 90 %, n=1988)", satisfied: the other 18,000 were not in the figure, and the message
  did not say they existed. Now the details carry `without_deadline` (records of the exports without a
  value of the deadline field, when they are at least :data:`WITHOUT_DEADLINE_SHARE` of them), the message
  and the report say so, and a met target is held at partial when counting those records as missed would
  miss it (rule `records_without_deadline`, see _held): a deadline a policy sets is set on every request,
  and the export cannot say why some have none.
- **Dates without times.** A median time in hours between two dates with no time of day is a whole number
  of days: "First reply time (median): 24 h" meant "the next day", anything from a minute to two days,
  and stood as satisfied against a 24 h target. A time field whose values are mostly exactly on midnight
  (at least :data:`DATE_ONLY_SHARE`; a clock lands there once in 86,400) has dates only; a duration or
  "within" KPI between such fields says so in its details (`dates_only`), message and report. A median,
  percentile or mean whose end has no time of day may be up to a day longer than printed (the end could
  come at any hour of its day), so a met "no more than" target is held at partial when that day more
  would miss it (rule `dates_without_times`, see _held). The figure itself stays what the data says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex.plugins.datasets._order import WRITTEN_SECONDS

__all__ = [
    "AUTO_CLOSED_SHARE", "DATE_ONLY_SHARE", "WITHOUT_DEADLINE_SHARE", "closed_by_the_tool", "dates_only",
    "fit_sentences", "key_never_repeats", "never_reopened", "nothing_of_a_complaint", "only_closed", "review_site",
    "same_answer",
    "without_deadline", "without_reference", "written_fast",
]  # fmt: skip

#: the share of records closed by the tool from which a resolution KPI says so
AUTO_CLOSED_SHARE = 0.1


#: the share of a time field's values on midnight from which it is taken for dates without times
DATE_ONLY_SHARE = 0.5
#: the share of records without a deadline from which an on-time KPI says so
WITHOUT_DEADLINE_SHARE = 0.05
_FR_ANSWER = {"yes": "oui", "no": "non"}
#: a day in each duration unit a KPI may print
_DAY = {"hours": 24.0, "minutes": 1440.0, "days": 1.0, "seconds": 86400.0}
_REFERENCE = "id"  #: the complaint reference field (see without_reference)
#: what a complaints export holds of the handling of a complaint (see nothing_of_a_complaint)
_COMPLAINT_FIELDS = frozenset(
    {"acknowledged_at", "resolved_at", "due_at", "category", "product", "outcome", "status", "escalated",
     "timely_response", "disputed"}
)  # fmt: skip
#: the share of written requests answered within minutes from which the answers are taken for a machine's
WRITTEN_FAST_SHARE = 0.9
WRITTEN_FAST_MIN = 30  #: ... over at least this many of them
#: public review sites as a survey's channel names them (normalised as categories are, see _typing.normalise)
REVIEW_SITES = frozenset(
    {"trustpilot", "google", "google reviews", "google maps", "google my business", "tripadvisor", "yelp",
     "booking", "booking.com", "facebook", "feefo", "reviews.io", "app store", "play store", "google play",
     "amazon", "expedia", "airbnb", "trusted shops", "avis verifies", "kununu", "glassdoor", "holidaycheck"}
)  # fmt: skip
REVIEW_SITE_SHARE = 0.5  #: the share of a figure's answers from review sites from which it is not a survey
NEVER_REOPENED_MIN = 200  #: tickets with a reopen field from which none ever reopened is said (never_reopened)
ONLY_CLOSED_MIN = 50  #: complaints from which an export with every one closed inside the period is said (only_closed)


def without_deadline(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """How many records of the exports have no value of the deadline an on-time KPI compares with, when
    that is at least :data:`WITHOUT_DEADLINE_SHARE` of them; None for any other KPI."""
    formula = kpi.get("formula") or {}
    deadline = formula.get("deadline")
    if formula.get("type") != "before_deadline" or not isinstance(deadline, str):
        return None
    of = n = 0
    for item in items:
        present = item.attributes.get("with_deadline") or {}
        if deadline in present:
            rows = int(item.attributes.get("rows") or 0)
            of, n = of + rows, n + rows - int(present[deadline])
    if not of or n / of < WITHOUT_DEADLINE_SHARE:
        return None
    return {"field": deadline, "n": n, "of": of, "share": round(n / of, 4)}


def dates_only(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """The start and end fields of a duration or "within" KPI whose values are dates without times, with
    the day that can add to the figure (in the KPI's unit) when the end is one of them; None otherwise."""
    formula = kpi.get("formula") or {}
    if formula.get("type") not in ("duration", "within"):
        return None
    fields = [f for f in (formula.get("start"), formula.get("end")) if isinstance(f, str)]
    dated: list[str] = []
    for name in fields:
        found = [(i.attributes.get("midnight") or {}).get(name) for i in items]
        n, of = sum(int(f["n"]) for f in found if f), sum(int(f["of"]) for f in found if f)
        if of and n / of >= DATE_ONLY_SHARE:
            dated.append(name)
    if not dated:
        return None
    out: dict[str, Any] = {"fields": dated}
    if formula.get("end") in dated and formula.get("type") == "duration":
        out["up_to"] = _DAY.get(str(kpi.get("unit", "hours")), 24.0)
    return out


def _tested(condition: Any) -> list[str]:
    """The fields a share's condition tests (yes/no, or a number compared), in its `all`/`any`/`not` too."""
    if isinstance(condition, Mapping):
        named = condition.get("field")
        found = [named] if isinstance(named, str) and "present" not in condition else []
        for key in ("all", "any"):
            for part in condition.get(key) or ():
                found += _tested(part)
        if "not" in condition:
            found += _tested(condition["not"])
        return found
    return []


def same_answer(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """The first field a KPI measures (a share's condition; a top box's, NPS's or mean's field) that has one
    answer on every record of the exports that hold it (at least one record); None otherwise."""
    formula = kpi.get("formula") or {}
    kind = formula.get("type")
    if kind == "share":
        fields = _tested(formula.get("condition"))
    elif kind in ("top_box", "nps", "mean"):
        fields = [str(formula.get("field", "recommend_score"))]
    else:
        return None
    for name in sorted(set(fields)):
        found = [(i.attributes.get("answers") or {}).get(name) for i in items]
        yes, of = sum(int(f["yes"]) for f in found if f), sum(int(f["of"]) for f in found if f)
        if of and yes in (0, of):
            return {"field": name, "answer": "yes" if yes else "no", "of": of}
        spreads: list[Mapping[str, Any]] = [
            f for i in items if (f := (i.attributes.get("spread") or {}).get(name)) and int(f["of"])
        ]
        values = {f["low"] for f in spreads} | {f["high"] for f in spreads}
        if spreads and len(values) == 1:
            counted = sum(int(f["of"]) for f in spreads)
            return {"field": name, "answer": f"{float(values.pop()):g}", "of": counted}
    return None


def _ends_at_resolution(kpi: Mapping[str, Any], dataset: str | None = None) -> bool:
    """Whether the KPI measures resolution (a duration, a share within a time or by a deadline, ending at
    `resolved_at`), over `dataset` when one is named."""
    formula = kpi.get("formula") or {}
    if dataset is not None and kpi.get("dataset") != dataset:
        return False
    return formula.get("end") == "resolved_at" and formula.get("type") in ("duration", "within", "before_deadline")


def never_reopened(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """For a KPI over tickets that ends at `resolved_at`: the reopen field when the exports record one for at
    least :data:`NEVER_REOPENED_MIN` tickets and not one was ever reopened. Help desks see some tickets come
    back; an export where none does has left them out (or records a default), and a resolution time over
    the first closing alone looks better than the service was. What was observed: 450 tickets, `reopened`
    "no" on every one, printed a median resolution time as met (rejected by PYR-L1-10's rubric, "a median
    that leaves out reopened tickets without saying so"). None otherwise."""
    if not _ends_at_resolution(kpi, "tickets"):
        return None
    yes = of = 0
    for item in items:
        flagged = (item.attributes.get("answers") or {}).get("reopened")
        counted = (item.attributes.get("spread") or {}).get("reopen_count")
        if flagged:
            yes, of = yes + int(flagged["yes"]), of + int(flagged["of"])
        elif counted and int(counted["of"]):  # a count of reopenings: never above zero
            yes, of = yes + int(float(counted["high"] or 0) > 0), of + int(counted["of"])
    if of < NEVER_REOPENED_MIN or yes:
        return None
    return {"field": "reopened", "of": of}


def only_closed(kpi: Mapping[str, Any], items: Any, period_end: str) -> dict[str, Any] | None:
    """For a KPI over complaints that ends at `resolved_at`: the export when every one of at least
    :data:`ONLY_CLOSED_MIN` complaints has a resolution and the latest resolution falls inside the period
    (`period_end`, an ISO day). A year's register exported at its end holds the complaints still open; one
    exported later has resolutions after the period. An export with neither is the closed complaints only,
    which leaves out the slowest (those still open count as late for an on-time share, and are not in a
    median at all). What was observed: 260 complaints, all closed by 7 December of a year assessed to
    31 December, met "closed by their due date" (100 %) and the median resolution time (rejected by
    PYR-L2-02's rubric, "resolution measured only for complaints closed, leaving out open ones"). None
    otherwise."""
    if not _ends_at_resolution(kpi, "complaints"):
        return None
    rows = closed = 0
    latest = ""
    for item in items:
        rows += int(item.attributes.get("rows") or 0)
        closed += int((item.attributes.get("present") or {}).get("resolved_at") or 0)
        latest = max(latest, str((item.attributes.get("last_end") or {}).get("resolved_at") or ""))
    if rows < ONLY_CLOSED_MIN or closed < rows or not latest or latest > period_end:
        return None
    return {"field": "resolved_at", "of": rows, "latest": latest}


def closed_by_the_tool(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """For a KPI that ends at `resolved_at`: how many records' status says the tool closed them, when that
    is at least :data:`AUTO_CLOSED_SHARE` of the records with a status; None otherwise."""
    if not _ends_at_resolution(kpi):
        return None
    found = [i.attributes.get("auto_closed") for i in items]
    n, of = sum(int(f[0]) for f in found if f), sum(int(f[1]) for f in found if f)
    if not of or n / of < AUTO_CLOSED_SHARE:
        return None
    return {"n": n, "of": of, "share": round(n / of, 4)}


def key_never_repeats(kpi: Mapping[str, Any], items: Any, value: float | None) -> dict[str, Any] | None:
    """For a repeat KPI at 0 %: its key when that has as many distinct values as records (a ticket or session
    number where a customer id belongs); None otherwise."""
    formula = kpi.get("formula") or {}
    key = formula.get("key")
    if formula.get("type") != "repeat_within" or not isinstance(key, str) or value is None or float(value) > 0:
        return None
    found = [(i.attributes.get("distinct") or {}).get(key) for i in items]
    n, of = sum(int(f["n"]) for f in found if f), sum(int(f["of"]) for f in found if f)
    if not of or n < of:
        return None
    return {"field": key, "distinct": min(n, of), "of": of}


def written_fast(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """For a KPI that ends at a first reply (or any end the exports count, see _order.written_sql): how many
    of the ends on a written channel (e-mail, web form, letter) come within two minutes of the request,
    when that is at least :data:`WRITTEN_FAST_SHARE` of at least :data:`WRITTEN_FAST_MIN` of them. What was
    observed: every e-mail ticket "answered" 20 to 90 seconds after it arrived (an autoresponder that waits a
    little, past the 5-second check of an instant reply) printed a median first reply of 54 s and a 90th
    percentile of 83 s, both satisfied. None otherwise."""
    formula = kpi.get("formula") or {}
    end = formula.get("end")
    if not isinstance(end, str) or formula.get("type") not in ("duration", "within", "before_deadline"):
        return None
    found = [(i.attributes.get("written") or {}).get(end) for i in items]
    n, of = sum(int(f["n"]) for f in found if f), sum(int(f["of"]) for f in found if f)
    if of < WRITTEN_FAST_MIN or n / of < WRITTEN_FAST_SHARE:
        return None
    return {"field": end, "n": n, "of": of, "share": round(n / of, 4), "seconds": WRITTEN_SECONDS}


def nothing_of_a_complaint(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """For a KPI over complaints: the fields that would show a complaint, when no export of them maps any. A
    survey of all customers mapped as complaints (a response date as `received_at`, its scores) has an id, a
    date and answers, and nothing of a complaint: no acknowledgement, resolution, deadline, category or
    outcome. What was observed: an annual customer survey mapped so printed "Satisfaction with complaint
    handling" as met (rejected by PYR-L2-05's and CMP-IMP-02's rubrics). None otherwise."""
    if kpi.get("dataset") != "complaints" or not items:
        return None
    if any(_COMPLAINT_FIELDS & set(i.attributes.get("columns") or ()) for i in items):
        return None
    return {"fields": sorted(_COMPLAINT_FIELDS), "exports": len(items)}


def review_site(kpi: Mapping[str, Any], breakdowns: Mapping[str, Any]) -> dict[str, Any] | None:
    """For a KPI over survey answers: the public review sites (as the `channel` values name them) that at
    least half of its answers come from. A review on a public site is written by whoever chooses to, not
    asked of the organisation's customers: a survey it is not. What was observed: 300 Trustpilot reviews
    mapped as a survey (the stars as `satisfaction_score`, "Trustpilot" as the channel) met "CSAT top-2-box
    at least 80 %" and its trend (rejected by PYR-L1-05's rubric). Read from the figure's own breakdown by
    channel. None otherwise."""
    if kpi.get("dataset") != "survey":
        return None
    segments = [s for s in breakdowns.get("channel") or () if isinstance(s, Mapping)]
    total = sum(int(s.get("n") or 0) for s in segments)
    sites = {str(s["segment"]): int(s.get("n") or 0) for s in segments if str(s.get("segment")) in REVIEW_SITES}
    if not total or sum(sites.values()) < REVIEW_SITE_SHARE * total:
        return None
    return {"sites": sorted(sites), "n": sum(sites.values()), "of": total}


def without_reference(kpi: Mapping[str, Any], items: Any) -> dict[str, Any] | None:
    """For a KPI over complaints: the reference field when no export of them has one. A register gives each
    complaint a reference the assessor can trace to its file; records without one cannot be told from an
    autoresponder's log of every e-mail it answered (what was observed: such a log, mapped as complaints,
    printed "Complaints acknowledged within 48 h: 100 %", satisfied). None otherwise."""
    if kpi.get("dataset") != "complaints" or not items:
        return None
    if any(_REFERENCE in (i.attributes.get("columns") or ()) for i in items):
        return None
    return {"field": _REFERENCE, "exports": len(items)}


#: flag -> (en, fr) sentence for what the export lacks (see fit_sentences)
_PLAIN = {
    "no_complaint_fields": (
        " The export holds dates and answers and nothing of a complaint (no acknowledgement, resolution, deadline, "
        "category, status or outcome): nothing shows these customers complained, and a survey of all customers "
        "looks the same.",
        " L'export contient des dates et des réponses, et rien d'une réclamation (ni accusé de réception, ni "
        "résolution, échéance, catégorie, statut ou issue) : rien ne montre que ces clients ont réclamé, et une "
        "enquête auprès de tous les clients a la même allure.",
    ),
    "never_reopened": (
        " Not one ticket of the export was ever reopened: an export without its reopened tickets (or a field left "
        "at its default) makes resolution look better than it was.",
        " Aucune demande de l'export n'a jamais été rouverte : un export sans ses demandes rouvertes (ou un champ "
        "laissé à sa valeur par défaut) fait paraître la résolution meilleure qu'elle ne l'a été.",
    ),
    "without_reference": (
        " The export has no complaint reference (no id column): its records cannot be traced to complaint files, "
        "and cannot be told from a log of automatic replies.",
        " L'export n'a pas de référence de réclamation (pas de colonne id) : ses enregistrements ne peuvent pas être "
        "rapprochés de dossiers, ni distingués d'un journal de réponses automatiques.",
    ),
}
#: flag -> (en, fr) sentence for a share of the records: {share} percent, {n} of {of} records, {field}
_COUNTED = {
    "written_fast": (
        " {share} % of the e-mails, forms and letters ({n} of {of}) have their {field} within two minutes: nobody "
        "answers written requests that fast nine times in ten; an automatic reply that waits a little looks like "
        "this.",
        " {share} % des courriels, formulaires et courriers ({n} sur {of}) ont leur {field} en moins de deux "
        "minutes : personne ne répond aussi vite à l'écrit neuf fois sur dix ; une réponse automatique un peu "
        "différée a cette allure.",
    ),
    "without_deadline": (
        " {share} % of the records in the export ({n} of {of}) have no {field}: the figure counts only those that "
        "have one, and says nothing of the others.",
        " {share} % des enregistrements de l'export ({n} sur {of}) n'ont pas de valeur {field} : le chiffre ne "
        "compte que ceux qui en ont une, et rien des autres.",
    ),
}


def fit_sentences(flags: Mapping[str, Mapping[str, Any] | None], number: Any) -> tuple[str, str]:
    """(en, fr) sentences for the message: what the figure leaves out, or cannot measure, from the KPI's
    flags of this module (keyed as in its details). `number(n, lang)` writes a count as each language does."""
    undated, same = flags.get("dates_only"), flags.get("same_answer")
    unique, closed = flags.get("key_never_repeats"), flags.get("closed_by_the_tool")
    en = fr = ""
    for key, words in _PLAIN.items():  # what the export lacks, said as it is
        if flags.get(key):
            en, fr = en + words[0], fr + words[1]
    sites = flags.get("review_site")
    if sites:
        named = ", ".join(str(s) for s in sites["sites"])
        en += (
            f" {number(sites['n'], 'en')} of the {number(sites['of'], 'en')} answers come from a public review site "
            f"({named}): reviewers choose themselves, and are not known to be customers; a review site is not a "
            "survey."
        )
        fr += (
            f" {number(sites['n'], 'fr')} des {number(sites['of'], 'fr')} réponses viennent d'un site d'avis public "
            f"({named}) : les auteurs se choisissent eux-mêmes et ne sont pas connus comme clients ; un site d'avis "
            "n'est pas une enquête."
        )
    for key, words in _COUNTED.items():  # a share of the records, and how many of how many
        counted = flags.get(key)
        if counted:
            share, field = round(100 * float(counted["share"])), counted["field"]
            en_said, fr_said = (
                text.format(share=share, field=field, n=number(counted["n"], lang), of=number(counted["of"], lang))
                for lang, text in zip(("en", "fr"), words, strict=True)
            )
            en, fr = en + en_said, fr + fr_said
    if undated:
        fields = ", ".join(undated["fields"])
        en += (
            f" The export gives {fields} as dates without times: the figure is counted in whole days, and each "
            "time could be anywhere in its day."
        )
        fr += (
            f" L'export donne {fields} sous forme de dates sans heure : le chiffre est compté en jours entiers, et "
            "chaque heure peut se situer n'importe où dans sa journée."
        )
    if same:
        field, answer, of = same["field"], same["answer"], same["of"]
        en += (
            f" Every one of the {number(of, 'en')} records has {field} = {answer}: a field that never varies "
            "cannot be told from a default the tool fills in, or from an export kept to the answers wanted; "
            "check how it is recorded and exported."
        )
        fr += (
            f" Les {number(of, 'fr')} enregistrements ont tous {field} = {_FR_ANSWER.get(answer, answer)} : "
            "un champ qui ne varie jamais ne se distingue pas d'une valeur par défaut, ni d'un export limité aux "
            "réponses voulues ; vérifier comment il est saisi et exporté."
        )
    if closed:
        share = round(100 * float(closed["share"]))
        en += (
            f" {share} % of the records ({number(closed['n'], 'en')} of {number(closed['of'], 'en')}) have a status "
            "saying the tool closed them (automatically, by a bot or after a time-out): their resolution time is "
            "a timer's, not the service's."
        )
        fr += (
            f" {share} % des enregistrements ({number(closed['n'], 'fr')} sur {number(closed['of'], 'fr')}) ont un "
            "statut indiquant une clôture par l'outil (automatique, robot, délai expiré) : leur délai de résolution "
            "est celui d'une minuterie, pas du service."
        )
    if unique:
        field, of = unique["field"], unique["of"]
        en += (
            f" No {field} appears twice among the {number(of, 'en')} records: a key that never repeats cannot show "
            "a repeat contact; check it identifies the customer, not the request or the session."
        )
        fr += (
            f" Aucune valeur {field} n'apparaît deux fois parmi les {number(of, 'fr')} enregistrements : une clé qui "
            "ne se répète jamais ne peut pas montrer de recontact ; vérifier qu'elle identifie le client, pas la "
            "demande ou la session."
        )
    return en, fr
