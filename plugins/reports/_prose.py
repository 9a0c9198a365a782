"""Client prose for one requirement or one finding, written from the result's structured details.

Why not print the grading engine's own messages: they are the assessor's log ("2 matching document(s)",
"Question q_promise_known: median 87.5/100", keyword lists, "rule 2"), exact but internal. A report for a
client's board says the same facts as sentences: labels instead of ids, numbers in the reader's
language, plurals right. Every sentence is a gettext message with named parameters, so fr and de
translators see whole sentences. A requirement type nobody wrote prose for falls back to the engine's
message, cleaned of ids, so a third-party plugin's evidence is still explained.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from servex.plugins.reports import _labels as labels
from servex.plugins.reports._i18n import Lang
from servex.plugins.reports._kpi_gap import met_kpi_gap
from servex.plugins.reports._labels import N_
from servex.plugins.reports._sampling_view import sampling_sentence

__all__ = ["capitalise", "finding_decision", "requirement_gap", "requirement_line", "value_with_unit"]

_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "=": "="}
_EVIDENCE_CLASS = {
    "approach": N_("a stated approach"),
    "deployment": N_("records that it is deployed"),
    "results": N_("measured results"),
    "review": N_("a review that changed the practice"),
}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def value_with_unit(value: Any, unit: Any, t: Lang) -> str:
    """A KPI value in the reader's notation: `92.3%`, `0.9 h`, `3 days`."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    number = float(value)
    digits = 2 if abs(number) < 10 and unit not in ("percent",) else 1
    if unit == "percent":
        return t.percent(number)
    shown = t.decimal(number, digits, trim=True)
    if unit == "days":
        return t.n_("{n} day", "{n} days", round(number), n=shown)
    symbols = {"hours": "h", "minutes": "min", "seconds": "s"}
    symbol = symbols.get(str(unit), "")
    return f"{shown}\u00a0{symbol}" if symbol else shown


def _target(target: Any, unit: Any, t: Lang) -> str:
    if not isinstance(target, Mapping) or target.get("value") is None:
        return ""
    op = _OPS.get(str(target.get("op", "")), "")
    return f"{op}\u00a0{value_with_unit(target['value'], unit, t)}".strip()


def _records(details: Mapping[str, Any], t: Lang) -> str:
    sample = details.get("sample")
    if not isinstance(sample, int):
        return ""
    return t.n_("{n} record", "{n} records", sample)


def _kpi_line(req: Mapping[str, Any], details: Mapping[str, Any], t: Lang) -> str:
    name = labels.kpi(details.get("kpi"), t, details.get("kpi_name"))
    unit = details.get("unit")
    state = req.get("state")
    if details.get("value") is None:
        missing = [labels.field(f, t) for f in details.get("missing_fields") or []]
        if missing:
            return t._("{kpi} cannot be measured: the data does not record {fields}.", kpi=name, fields=t.join(missing))
        needed = details.get("min_sample")
        if isinstance(needed, int):
            return t._("{kpi}: too little data to judge ({records}; at least {needed} needed).", kpi=name,
                       records=_records(details, t) or t.n_("{n} record", "{n} records", 0), needed=t.integer(needed))
        return t._("{kpi}: too little data to judge.", kpi=name)
    values = {"kpi": name, "value": value_with_unit(details["value"], unit, t),
              "target": _target(details.get("target"), unit, t), "records": _records(details, t)}
    if state == "insufficient":
        line = t._("{kpi}: {value}, from too little data to judge ({records}).", **values)
    elif not values["target"]:
        line = t._("{kpi}: {value} ({records}).", **values)
    elif state == "satisfied" or (state == "partial" and details.get("target_met") is True):
        # a met target held at partial by its trend or by figures in doubt (the evaluator says which figure
        # meets its target): the sentences after say why
        line = t._("{kpi}: {value}, which meets the target of {target} ({records}).", **values)
    elif state == "partial":
        line = t._("{kpi}: {value}, short of the target of {target} ({records}).", **values)
    else:
        line = t._("{kpi}: {value}, which misses the target of {target} ({records}).", **values)
    trend = details.get("trend")
    if isinstance(trend, Mapping) and trend.get("expect"):
        expected = labels.trend(trend["expect"], t)
        line += " " + (
            t._("The monthly trend is {expected}, as required.", expected=expected)
            if trend.get("met")
            else t._("The monthly trend should be {expected} and is not.", expected=expected)
        )
    return line + _kpi_flags(details, t)


#: (flag, end field) -> what a figure's line says of it ("" for any end field but those listed)
_FLAGS = {
    ("instant", "resolved_at"): N_(
        "{share} of the requests were resolved within 5 seconds of being opened, as if opened already closed: "
        "check what the export records."
    ),
    ("instant", ""): N_(
        "{share} of the first replies came within 5 seconds of the request, as fast as an automatic reply: "
        "check that they are a person's answer."
    ),
    ("without_end", "resolved_at"): N_(
        "{share} of the requests in the export are not resolved: this figure describes only those that are."
    ),
    ("at_deadline", ""): N_(
        "{share} of the requests closed exactly on their deadline, to the second, as if the deadline were written "
        "when they closed: check how the export sets its due dates."
    ),
    ("without_end", ""): N_(
        "{share} of the requests in the export have no first reply: this figure describes only those that have one."
    ),
    ("without_deadline", ""): N_(
        "{share} of the requests in the export have no deadline: this figure counts only those that have one."
    ),
    ("closed_by_the_tool", ""): N_(
        "{share} of the requests were closed by the tool (automatically, by a bot or after a time-out): their "
        "resolution time is a timer's, not the service's."
    ),
    ("written_fast", ""): N_(
        "{share} of the e-mails, forms and letters were answered within two minutes: nobody answers written "
        "requests that fast nine times in ten, and an automatic reply that waits a little looks like this."
    ),
}


#: (flag, the key it must carry or None, what the figure's line says of it) for flags without a share, in order
_NOTED: tuple[tuple[str, str | None, str], ...] = (
    (
        "same_answer",
        "field",
        N_(
            "Every record in the export has the same value for what this figure measures: a field that never "
            "varies cannot be told from a default the tool fills in, or from an export kept to the answers wanted."
        ),
    ),
    (
        "no_complaint_fields",
        None,
        N_(
            "The export holds nothing of a complaint (no acknowledgement, resolution, deadline, category, status or "
            "outcome): nothing shows these customers complained, and a survey of all customers looks the same."
        ),
    ),
    (
        "review_site",
        None,
        N_(
            "Most answers come from a public review site: reviewers choose themselves and are not known to be "
            "customers, so a review site is not a survey."
        ),
    ),
    (
        "never_reopened",
        None,
        N_(
            "Not one ticket of the export was ever reopened: an export without its reopened tickets, or a field "
            "left at its default, makes resolution look better than it was."
        ),
    ),
    (
        "only_closed",
        None,
        N_(
            "Every complaint of the export is closed, the last one within the period: an export of closed "
            "complaints alone leaves out those still open, the slowest."
        ),
    ),
    (
        "without_reference",
        None,
        N_(
            "The export has no complaint reference: its records cannot be traced to complaint files, and cannot be "
            "told from a log of automatic replies."
        ),
    ),
    (
        "key_never_repeats",
        None,
        N_("No customer appears twice in the export: an identifier that never repeats cannot show a repeat contact."),
    ),
    ("dates_only", "fields", N_("The export has dates without times: this figure is counted in whole days.")),
)


_NOTED_WORDS = {key: words for key, _needed, words in _NOTED}


def _kpi_flags(details: Mapping[str, Any], t: Lang) -> str:
    """What the data checks flag beside this figure (see datasets/_evaluate): the reader of the figure sees
    it there, not only in the appendix."""
    out = ""
    thin = details.get("thin_months")
    if isinstance(thin, Mapping) and thin:
        months = t.join(t.month(str(m)) for m in sorted(thin))
        out += " " + t.n_("Too few records in {months} to count as covered.",
                          "Too few records in {months} to count them as covered.", len(thin), months=months)
    # machine-fast ends; no end; ends on the deadline; no deadline; closed by the tool; written requests
    # answered in minutes (see datasets/_evaluate and _fit)
    for key in ("instant", "without_end", "at_deadline", "without_deadline", "closed_by_the_tool", "written_fast"):
        flag = details.get(key)
        if isinstance(flag, Mapping) and flag.get("share"):
            words = _FLAGS.get((key, str(flag.get("field"))), _FLAGS[(key, "")])
            out += " " + t._(words, share=t.percent(100 * float(flag["share"]), 0))
    for key, needed, words in _NOTED:
        flag = details.get(key)
        if isinstance(flag, Mapping) and (needed is None or flag.get(needed)):
            out += " " + t._(words)
    return out + _margin_line(details, t) + _deadline_line(details.get("deadlines"), t) + _held_line(
        details.get("held_at_partial"), t
    )


def _margin_line(details: Mapping[str, Any], t: Lang) -> str:
    """A survey figure (a share, an NPS, a mean answer) whose 95 % range holds its target (see
    datasets/_margin): the verdict could go either way, and the reader of the figure should know it."""
    margin = details.get("margin")
    if not isinstance(margin, Mapping) or not margin.get("target_inside"):
        return ""
    n = t.integer(int(details.get("sample") or 0))
    if details.get("unit") != "percent":
        unit = details.get("unit")
        return " " + t._(
            "With {n} answers, the figure could be anywhere from {low} to {high} (95% confidence): the target lies "
            "inside that range, so more answers are needed to tell.",
            n=n,
            low=value_with_unit(float(margin["low"]), unit, t),
            high=value_with_unit(float(margin["high"]), unit, t),
        )
    return " " + t._(
        "With {n} answers, the share could be anywhere from {low} to {high} (95% confidence): the target lies "
        "inside that range, so more answers are needed to tell.",
        n=n,
        low=t.percent(float(margin["low"]), 1),
        high=t.percent(float(margin["high"]), 1),
    )


#: a hold's rule -> why the figure meets its target and the grade does not; `{value}`, where the rule gives
#: one, is its `worst_value` (see datasets/_held)
_HELD = {
    "deadlines_later_than_promised": N_("Held at partial: the figure does not show the promise kept."),
    "quantile_is_machine_fast": N_("Held at partial: the figure is itself one of the machine-fast replies."),
    "quantile_without_most": N_(
        "Held at partial: over every request, the figure would be one never answered or resolved."
    ),
    "closed_by_the_tool": N_("Held at partial: the requests the tool closed decide the figure."),
    "key_never_repeats": N_("Held at partial: the figure cannot count a customer who comes back."),
    "records_without_reference": N_("Held at partial: no complaint in the export can be traced to its file."),
    "answers_without_complaint": N_("Held at partial: nothing in the export shows these customers complained."),
    "never_reopened": N_("Held at partial: not one ticket was ever reopened, so the figure may leave some out."),
    "closed_complaints_only": N_(
        "Held at partial: every complaint of the export is closed, so those still open are left out."
    ),
    "answers_from_review_sites": N_("Held at partial: the answers come from public review sites, not a survey."),
    "written_answered_in_minutes": N_(
        "Held at partial: nine in ten written requests were answered within two minutes, as a machine answers."
    ),
    "same_answer_every_record": N_("Held at partial: the figure rests on a field that never varies."),
    "dates_without_times": N_("Held at partial: a day more, which dates without times allow, would miss the target."),
    "records_without_deadline": N_(
        "Held at partial: counting the requests without a deadline as late leaves {value}, short of the target."
    ),
    "ends_at_deadline": N_(
        "Held at partial: counting the requests closed on their deadline as late leaves {value}, short of the "
        "target."
    ),
}


def _held_line(held: Any, t: Lang) -> str:
    """Why a met target is held at partial (see datasets/_held): the reader sees why the figure meets the
    target and the grade does not."""
    out = ""
    for hold in held if isinstance(held, list) else []:
        words = _HELD.get(str(hold.get("rule"))) if isinstance(hold, Mapping) else None
        if words is None:
            continue
        worst = hold.get("worst_value")
        if "{value}" not in words:
            out += " " + t._(words)
        elif isinstance(worst, int | float):
            out += " " + t._(words, value=t.percent(float(worst), 1))
    return out


def _span(hours: float, t: Lang) -> str:
    """A span in hours as a reader says it: `36 h` below two days, `60 days` from there."""
    if hours < 48:
        return value_with_unit(hours, "hours", t)
    return value_with_unit(round(hours / 24, 1), "days", t)


def _deadline_line(span: Any, t: Lang) -> str:
    """What the export's deadlines are, beside a "before deadline" figure (see datasets/_deadline_span): on
    time against deadlines 60 days out says nothing of a 3-day promise."""
    if not isinstance(span, Mapping) or not isinstance(span.get("median_hours"), int | float):
        return ""
    median = _span(float(span["median_hours"]), t)
    promised = span.get("promised_hours")
    if span.get("later_than_promised") and isinstance(promised, int | float):
        return " " + t._(
            "The export's deadlines fall a median of {median} after the request, more than twice the {promised} "
            "promised: on time here means before those deadlines.",
            median=median, promised=_span(float(promised), t),
        )
    if promised is None:
        return " " + t._(
            "Measured against the export's own deadlines, which fall a median of {median} after the request.",
            median=median,
        )
    return ""


def _doc_name(doc: Mapping[str, Any], t: Lang) -> str:
    title = doc.get("title") or doc.get("file") or ""
    return t.quote(str(title))


def _document_line(req: Mapping[str, Any], details: Mapping[str, Any], t: Lang) -> str:
    documents = [d for d in details.get("documents") or [] if isinstance(d, Mapping)]
    matches = [_doc_name(d, t) for d in documents if d.get("status") == "match"]
    partial = [_doc_name(d, t) for d in documents if d.get("status") == "partial"]
    state = req.get("state")
    if matches and state == "satisfied":
        return t._("Shown in {documents}.", documents=t.join(matches))
    if matches:
        return t._("Shown in part in {documents}.", documents=t.join(matches))
    if partial:
        shown = partial[:3]
        return t.n_("{documents} covers it only in part.", "{documents} cover it only in part.", len(shown),
                    documents=capitalise(t.join(shown)))
    return t._("No current document shows this.")


def _questionnaire_line(req: Mapping[str, Any], details: Mapping[str, Any], t: Lang) -> str:
    question = labels.question(details["question"], t) if details.get("question") else ""
    by_role = details.get("by_role") or {}
    if not by_role:
        if question:
            return t._("Too few answers on {question} to judge.", question=question)
        return t._("Too few answers to judge.")
    parts = []
    for role_id, stats in sorted(by_role.items()):
        if not isinstance(stats, Mapping):
            continue
        parts.append(
            t._("{role} typically answer {answer} (median {median} of 100, {respondents})",
                role=labels.role(role_id, t), answer=t.quote(labels.answer(stats.get("typical", ""), t)),
                median=t.decimal(stats.get("median"), 1, trim=True),
                respondents=t.n_("{n} respondent", "{n} respondents", int(stats.get("count") or 0)))
        )
    line = t._("Asked {question}: {answers}.", question=question or t._("this question"), answers=t.join(parts))
    for entry in details.get("disagreement") or []:
        pairs = zip(entry.get("roles") or [], entry.get("medians") or [], strict=False)
        shown = [f"{labels.role(r, t)} {t.decimal(m, 1, trim=True)}" for r, m in pairs]
        line += " " + t._("The roles disagree: {medians} (medians out of 100).", medians=t.join(shown))
    who = sampling_sentence(details, t)
    return f"{line} {who}" if who else line


def _dataset_line(details: Mapping[str, Any], t: Lang) -> str:
    coverage = details.get("coverage")
    share = t.percent(100 * float(coverage), 0) if isinstance(coverage, int | float) else "–"
    line = capitalise(
        t._("{dataset}: {records} covering {share} of the months in the period.",
            dataset=labels.dataset(details.get("dataset"), t),
            records=t.n_("{n} record", "{n} records", int(details.get("rows") or 0)), share=share)
    )
    blank = int(details.get("unanswered") or 0)  # survey rows with no answer at all (see datasets/_conversion)
    if blank:
        line += " " + t.n_("{n} more record holds no answer at all and is not counted.",
                           "{n} more records hold no answer at all and are not counted.", blank, n=t.integer(blank))
    if isinstance(details.get("no_complaint_fields"), Mapping):  # see datasets/_fit.nothing_of_a_complaint
        line += " " + t._(_NOTED_WORDS["no_complaint_fields"])
    return line


def _observation_line(details: Mapping[str, Any], t: Lang) -> str:
    """An assessor's observation: who saw what, and when (the note itself is the assessor's words)."""
    notes = [n for n in details.get("observations") or [] if isinstance(n, Mapping)]
    if not notes:
        return t._("No assessor observation is recorded for this point.")
    parts = []
    for note in notes:
        who = str(note.get("observed_by") or t._("the assessor"))
        when = t.date(str(note["date"])) if note.get("date") else ""
        parts.append(t._("Observed by {who} on {date}: {note}", who=who, date=when, note=note.get("note", ""))
                     if when else t._("Observed by {who}: {note}", who=who, note=note.get("note", "")))
    return " ".join(parts)


def _case_line(details: Mapping[str, Any], t: Lang) -> str:
    """Traced case files: how many followed the practice (the practice is criteria text)."""
    traced = int(details.get("traced") or 0)
    practice = t.criteria_text(details.get("practice"))
    if not traced:
        return t._("No drawn case has been traced yet.")
    return t._(
        "{followed} of {traced} traced cases followed the practice ({share}): {practice}",
        followed=t.integer(int(details.get("followed") or 0)),
        traced=t.integer(traced),
        share=t.percent(float(details.get("share") or 0), 0),
        practice=practice,
    )


_ID_LIKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def clean_message(text: str) -> str:
    """An engine message for a requirement type without prose here: ids humanised, `>=` as `≥`."""
    text = _ID_LIKE.sub(lambda m: labels.humanise(m.group(0)), text)
    for op, sign in ((">=", "≥"), ("<=", "≤")):
        text = text.replace(op, sign)
    return text.replace("(s)", "s")


def requirement_line(req: Mapping[str, Any], t: Lang) -> str:
    """What one requirement's evidence shows, as one client sentence."""
    details = req.get("details") or {}
    kind = req.get("type")
    if kind == "kpi" or ("kpi" in details and "value" in details):
        return capitalise(_kpi_line(req, details, t))
    if kind == "document" or "documents" in details:
        return _document_line(req, details, t)
    if kind == "questionnaire" or "by_role" in details:
        return _questionnaire_line(req, details, t)
    if kind == "dataset" or ("dataset" in details and "rows" in details):
        return _dataset_line(details, t)
    if kind == "observation" or "observations" in details:
        return _observation_line(details, t)
    if kind == "case_sample":
        return _case_line(details, t)
    return clean_message(t.criteria_text(req.get("message")))


def _first_clause(text: str) -> str:
    return re.split(r"[;:]\s", text, maxsplit=1)[0].rstrip(".")


def requirement_gap(req: Mapping[str, Any], t: Lang) -> str:
    """What would close the gap this requirement leaves; '' when it is satisfied."""
    state = req.get("state")
    if state == "satisfied":
        return ""
    details = req.get("details") or {}
    kind = req.get("type")
    description = _first_clause(t.criteria_text(req.get("description")))
    if kind == "kpi" or "kpi" in details:
        name = labels.kpi(details.get("kpi"), t, details.get("kpi_name"))
        missing = [labels.field(f, t) for f in details.get("missing_fields") or []]
        if missing:
            return t._("Record {fields} so that {kpi} can be measured.", fields=t.join(missing), kpi=name)
        if state == "insufficient" or details.get("value") is None:
            return t._("Provide enough data to measure {kpi} over the period.", kpi=name)
        met = met_kpi_gap(details, name, t)  # a figure that meets its target: what it lacks instead
        if met is not None:
            return met
        target = _target(details.get("target"), details.get("unit"), t)
        return t._("Bring {kpi} from {value} to {target}.", kpi=name,
                   value=value_with_unit(details.get("value"), details.get("unit"), t), target=target)
    if kind == "document" or "documents" in details:
        return t._("Provide a current, approved document that shows this: {what}.", what=description)
    if kind == "questionnaire" or "by_role" in details:
        question = labels.question(details["question"], t) if details.get("question") else description
        if state == "insufficient" or not details.get("by_role"):
            return t._("Collect answers on {question}.", question=question)
        return t._("Find out why answers on {question} fall short, and act on what respondents say.",
                   question=question)
    if kind == "dataset" or "dataset" in details:
        return t._("Provide {dataset} for the whole period.", dataset=labels.dataset(details.get("dataset"), t))
    if kind == "observation" or "observations" in details:
        if state == "insufficient":
            return t._("Record an assessor's observation of this point after a site visit.")
        return t._("Act on what the assessor observed.")
    if kind == "case_sample":
        if not details.get("traced"):
            return t._("Trace the drawn cases in the worksheet that servex cases draw writes under cases/.")
        return t._("Find out why some traced cases did not follow the practice, and correct it.")
    return clean_message(t.criteria_text(req.get("gap") or req.get("message")))


def _scale_value(finding: Mapping[str, Any], model: Mapping[str, Any], t: Lang) -> tuple[str, str]:
    scale = (model.get("scales") or {}).get(finding.get("scale") or "") or {}
    for value in scale.get("values") or []:
        if value.get("id") == finding.get("scale_value"):
            return t.criteria_text(value.get("label")), t.criteria_text(scale.get("title"))
    return "", t.criteria_text(scale.get("title"))


def finding_decision(finding: Mapping[str, Any], model: Mapping[str, Any], t: Lang) -> list[str]:
    """How the verdict was reached: the grade on the scale, which rule decided, caps, evidence classes."""
    status = finding.get("status")
    lines: list[str] = []
    if status == "not_applicable":
        return [t._("Declared not applicable by the organisation.")]
    if status == "error":
        return [t._("Could not be assessed: some of the evidence could not be collected.")]
    if status == "not_assessed":
        lines.append(t._("Not assessed: the data is too thin to decide which of the criterion's rules applies."))
    value, scale = _scale_value(finding, model, t)
    if value and finding.get("score") is not None:
        lines.append(t._("Rated {value} ({score} of 100) on the scale {scale}.", value=t.quote(value),
                         score=t.decimal(finding["score"], 1, trim=True), scale=t.quote(scale)))
    rule = finding.get("rule") or finding.get("decided_by")
    if isinstance(rule, Mapping):
        said = t.criteria_text(rule.get("message") or rule.get("description"))
        index = rule.get("index")
        if said:
            lines.append(t._("Decided by this rule: {rule}", rule=said))
        elif isinstance(index, int):
            lines.append(t._("Decided by rule {index} of the criterion.", index=t.integer(index)))
    elif status == "met":
        short = [r for r in finding.get("requirements") or [] if r.get("state") in ("partial", "unsatisfied")]
        if short:
            lines.append(t.n_(
                "Rated met although {n} piece of evidence falls short: under this criterion's rules the rest "
                "suffices.",
                "Rated met although {n} pieces of evidence fall short: under this criterion's rules the rest "
                "suffices.",
                len(short)))
    if finding.get("corroboration") == "tell_me_only":
        lines.append(t._("Only answers support this grade; documents or records would be needed to confirm it."))
    for cap in finding.get("caps") or []:
        if isinstance(cap, Mapping):
            said = _cap(cap, finding, model, t) or t.criteria_text(cap.get("message"))
            if said:
                lines.append(t._("Grade capped: {reason}", reason=said))
    return lines


def _value_label(finding: Mapping[str, Any], model: Mapping[str, Any], value_id: Any, t: Lang) -> str:
    scale = (model.get("scales") or {}).get(finding.get("scale") or "") or {}
    for value in scale.get("values") or []:
        if value.get("id") == value_id:
            return t.quote(t.criteria_text(value.get("label")))
    return t.quote(labels.humanise(value_id))


def _cap(cap: Mapping[str, Any], finding: Mapping[str, Any], model: Mapping[str, Any], t: Lang) -> str:
    """A grade cap (docs/grading.md) in the report's language, from its reason and parameters."""
    reason, params = cap.get("reason"), cap.get("params") or {}
    if reason == "classes_missing":
        classes = [t._(_EVIDENCE_CLASS[c]) for c in params.get("classes") or [] if c in _EVIDENCE_CLASS]
        return t._(
            "the rules give {value}, which needs {classes}; these were not shown, so the grade is {capped}.",
            value=_value_label(finding, model, params.get("from"), t),
            classes=t.join(classes) if classes else "",
            capped=_value_label(finding, model, params.get("to"), t),
        )
    if reason == "answers_only":
        return t._(
            "only answers support {value}; without documents or records to confirm them, the grade is {capped}.",
            value=_value_label(finding, model, params.get("from"), t),
            capped=_value_label(finding, model, params.get("to"), t),
        )
    if reason == "answers_below":
        return t._("the answers fall below the level the practice needs, which casts doubt on what the documents "
                   "and data show.")
    if reason == "roles_disagree":
        roles = [labels.role(r, t) for r in params.get("roles") or []]
        return t._(
            "{roles} disagree by {points} points, so the practice is not shown to be lived the same way across "
            "the organisation.",
            roles=t.join(roles),
            points=t.decimal(float(params.get("points") or 0), 0, trim=True),
        )
    if reason == "kpi_off_target":
        return t._("a measured result misses its target while other evidence is satisfied, so the practice is only "
                   "partly shown.")
    return ""


def evidence_classes(finding: Mapping[str, Any], t: Lang) -> tuple[list[str], list[str]]:
    """The RADAR evidence classes shown and missing, when the grading says so (absent: two empty lists)."""
    classes = finding.get("evidence_classes")
    if not isinstance(classes, Mapping):
        return [], []

    def names(key: str) -> list[str]:
        return [t._(_EVIDENCE_CLASS[c]) if c in _EVIDENCE_CLASS else labels.humanise(c) for c in classes.get(key) or []]

    return names("shown"), names("missing")
