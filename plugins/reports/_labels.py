"""Words a reader sees in place of the result's stable ids: statuses, KPIs, questions, answers, roles.

The result keeps ids (`sla_attainment`, `q_promise_known`, `strongly_agree`) so it stays comparable
across runs and languages; a client report never prints them. Each id maps to an English label here,
and the English label is the msgid its translations hang on in `locale/*/LC_MESSAGES/reports.po`.
An id missing here is shown humanised (`new_kpi` -> "new kpi"), never raw.
"""

from __future__ import annotations

from typing import Any

from servex.plugins.reports._i18n import Lang

__all__ = ["N_", "answer", "column", "dataset", "field", "kind", "kpi", "question", "role", "status", "trend"]


def N_(message: str) -> str:
    """Marks an English message for extraction (`pybabel extract -k N_`); translated where it is shown."""
    return message


_STATUS = {
    "met": N_("Met"),
    "partially_met": N_("Partially met"),
    "not_met": N_("Not met"),
    "not_applicable": N_("Not applicable"),
    "not_assessed": N_("Not assessed"),
    "error": N_("Could not be assessed"),
}

_KPI = {
    "abandonment_rate": N_("abandonment rate"),
    "ces_easy": N_("customers who found it easy (CES)"),
    "ces_mean": N_("customer effort score (mean)"),
    "complaint_ack_time": N_("time to acknowledge a complaint"),
    "complaint_ack_within_48h": N_("complaints acknowledged within 48 hours"),
    "complaint_dispute_rate": N_("complaint answers disputed"),
    "complaint_escalation_rate": N_("complaints escalated"),
    "complaint_on_time": N_("complaints closed on time"),
    "complaint_resolution_time": N_("time to resolve a complaint"),
    "complaint_satisfaction": N_("satisfaction with complaint handling"),
    "csat_top2": N_("customer satisfaction (top two boxes)"),
    "delight_top_box": N_("delighted customers (top box)"),
    "empowerment_top2": N_("staff who feel free to act (top two boxes)"),
    "enps": N_("employee net promoter score"),
    "exceeded_expectations": N_("customers whose expectations were exceeded"),
    "fcr": N_("first-contact resolution"),
    "fcr_came_back_7d": N_("first-contact resolutions followed by another contact within 7 days"),
    "first_reply_time": N_("first reply time (median)"),
    "first_reply_time_p90": N_("first reply time (90th percentile)"),
    "nps": N_("net promoter score"),
    "nps_promoter_share": N_("share of promoters"),
    "reopen_rate": N_("reopened requests"),
    "repeat_contact_7d": N_("repeat contacts within 7 days"),
    "resolution_time": N_("resolution time (median)"),
    "service_level_20s": N_("calls answered within 20 seconds"),
    "sla_attainment": N_("requests resolved within the committed time"),
    "timely_response_rate": N_("complaints answered on time"),
    "training_hours_mean": N_("training hours per employee"),
}

_QUESTION = {
    "q_coaching": N_("whether staff are coached on their service"),
    "q_exec_sponsor": N_("whether a senior leader sponsors service excellence"),
    "q_fcr_means": N_("whether staff can settle a request in the first contact"),
    "q_feedback_changes": N_("whether customer feedback leads to changes"),
    "q_feel_known": N_("whether customers feel known"),
    "q_felt_valued": N_("whether customers feel valued"),
    "q_hear_feedback": N_("whether staff hear what customers say about the service"),
    "q_info_found": N_("whether customers find the information they need"),
    "q_invited_design": N_("whether customers are invited to help design services"),
    "q_involved_fix": N_("whether staff are involved in fixing what goes wrong"),
    "q_leaders_frontline": N_("whether leaders spend time with front-line staff"),
    "q_maps_used": N_("whether journey maps are used in decisions"),
    "q_pleasant_surprise": N_("whether customers were pleasantly surprised"),
    "q_promise_known": N_("whether staff know the service promise"),
    "q_resources_enough": N_("whether staff have the resources to serve customers well"),
    "q_review_rhythm": N_("how often service results are reviewed"),
    "q_segment_needs": N_("whether services are designed for the needs of each customer group"),
    "q_services_launched": N_("how many new services were launched"),
    "q_shared_goals": N_("whether teams share service goals"),
    "q_training_ready": N_("whether training prepares staff for their work"),
    "q_value_tracked": N_("whether the value of service improvements is tracked"),
    "q_free_to_act": N_("whether staff feel free to act for the customer"),
    "q_channel_choice": N_("whether customers could contact the service the way they wanted"),
    "q_channels_compete": N_("whether staff are free of penalty when a customer finishes on another channel"),
    "q_data_requests": N_("whether customer data requests and incidents are tracked and reported"),
    "q_digital_ready": N_("whether staff are prepared to help customers on every channel"),
    "q_feedback_goals": N_("whether customer feedback shaped the organisation's objectives"),
    "q_get_information": N_("whether other departments give complaint handlers the information they need"),
    "q_idea_used": N_("whether staff ideas for the customer experience are put into practice"),
    "q_insight_used": N_("whether recurring causes of complaints that staff report are acted on"),
    "q_kb_helps": N_("whether the knowledge base and tools give staff the right answer"),
    "q_knew_bot": N_("whether customers knew if they were talking to a person or an automated assistant"),
    "q_know_how": N_("whether customers know how to complain and feel free to do so"),
    "q_no_repeat": N_("whether customers did not have to repeat themselves across channels"),
    "q_own_cases": N_("how often staff handle complaints about their own cases"),
    "q_see_history": N_("whether staff can see what customers did on other channels"),
    "q_spot_vulnerable": N_("whether staff recognise customers in vulnerable situations"),
    "q_used_chat": N_("whether customers used the online chat or virtual assistant"),
    "q_weigh_parties": N_("whether the effect of service changes on all parties is assessed"),
}

_ANSWER = {
    "strongly_agree": N_("strongly agree"),
    "agree": N_("agree"),
    "neutral": N_("neither agree nor disagree"),
    "disagree": N_("disagree"),
    "strongly_disagree": N_("strongly disagree"),
    "always": N_("always"),
    "often": N_("often"),
    "sometimes": N_("sometimes"),
    "rarely": N_("rarely"),
    "never": N_("never"),
    "all": N_("all"),
    "most": N_("most"),
    "some": N_("some"),
    "none": N_("none"),
    "yes": N_("yes"),
    "no": N_("no"),
    "true": N_("yes"),
    "false": N_("no"),
    "partly": N_("partly"),
    "pilot": N_("in a pilot"),
    "monthly": N_("monthly"),
    "quarterly": N_("quarterly"),
    "yearly": N_("yearly"),
}

_ROLE = {
    "management": N_("management"),
    "staff": N_("staff"),
    "customer": N_("customers"),
    "customers": N_("customers"),
}

_DATASET = {
    "tickets": N_("the helpdesk export"),
    "complaints": N_("the complaints register"),
    "survey": N_("the customer survey"),
    "calls": N_("the telephony export"),
    "employee_survey": N_("the staff survey"),
    "calls_monthly": N_("the monthly call totals"),
}

_FIELD = {
    "created_at": N_("when the request was opened"),
    "first_reply_at": N_("when the first reply was sent"),
    "resolved_at": N_("when it was resolved"),
    "due_at": N_("the due date"),
    "first_reply_due_at": N_("the first-reply due date"),
    "channel": N_("the channel"),
    "priority": N_("the priority"),
    "status": N_("the status"),
    "reopened": N_("whether it was reopened"),
    "reopen_count": N_("how often it was reopened"),
    "customer_id": N_("who the customer is"),
    "satisfaction_score": N_("the satisfaction score"),
    "first_contact_resolution": N_("whether it was solved at the first contact"),
    "contacts": N_("the number of contacts"),
    "received_at": N_("when the complaint was received"),
    "acknowledged_at": N_("when receipt was acknowledged"),
    "category": N_("the category"),
    "outcome": N_("the outcome"),
    "escalated": N_("whether it was escalated"),
    "timely_response": N_("whether the answer was on time"),
    "disputed": N_("whether the answer was disputed"),
    "recommend_score": N_("the likelihood to recommend"),
    "effort_score": N_("the effort score"),
    "exceeded_expectations": N_("whether expectations were exceeded"),
    "delight_score": N_("the delight score"),
    "answered_at": N_("when the call was answered"),
    "abandoned": N_("whether the caller gave up"),
    "wait_seconds": N_("the waiting time"),
    "empowerment_score": N_("the empowerment score"),
}

#: the fields a data check can flag (dates, yes/no values, numbers), as names of a column: in a sentence
#: of their own ("Resolution date: 12 values could not be read") a name reads right in every language, where
#: the words of `_FIELD` are shaped to follow a verb
_COLUMN = {
    "created_at": N_("Date opened"),
    "first_reply_at": N_("First reply date"),
    "resolved_at": N_("Resolution date"),
    "due_at": N_("Due date"),
    "first_reply_due_at": N_("First-reply due date"),
    "received_at": N_("Date received"),
    "acknowledged_at": N_("Acknowledgement date"),
    "responded_at": N_("Response date"),
    "started_at": N_("Call start"),
    "answered_at": N_("Call answer time"),
    "ended_at": N_("Call end"),
    "month": N_("Month"),
    "reopened": N_("Reopened"),
    "first_contact_resolution": N_("Solved at first contact"),
    "escalated": N_("Escalated"),
    "timely_response": N_("Answered on time"),
    "disputed": N_("Disputed"),
    "exceeded_expectations": N_("Expectations exceeded"),
    "abandoned": N_("Caller gave up"),
    "bot_handled": N_("Handled by an automated assistant"),
    "escalated_to_human": N_("Passed to a person"),
    "transferred": N_("Transferred"),
    "reopen_count": N_("Times reopened"),
    "satisfaction_score": N_("Satisfaction score"),
    "contacts": N_("Number of contacts"),
    "recommend_score": N_("Likelihood to recommend"),
    "effort_score": N_("Effort score"),
    "delight_score": N_("Delight score"),
    "wait_seconds": N_("Waiting time"),
    "empowerment_score": N_("Empowerment score"),
    "training_hours": N_("Training hours"),
    "offered": N_("Calls offered"),
    "answered": N_("Calls answered"),
    "answered_in_target": N_("Calls answered within the target time"),
    "target_seconds": N_("Target answer time"),
    "calls_monthly.abandoned": N_("Calls abandoned"),
}

_TREND = {
    "not_declining": N_("not declining"),
    "improving": N_("improving"),
    "rising": N_("rising"),
    "falling": N_("falling"),
    "stable": N_("stable"),
}

_KIND = {
    "document": N_("document"),
    "dataset": N_("data export"),
    "answers": N_("questionnaire answers"),
    "observation": N_("observation"),
}


def humanise(identifier: Any) -> str:
    """`new_kpi` -> "new kpi": an id nobody labelled still reads as words, not as code."""
    return " ".join(str(identifier).replace("_", " ").replace("-", " ").split())


def _label(table: dict[str, str], identifier: Any, t: Lang) -> str:
    key = str(identifier)
    english = table.get(key) or table.get(key.lower())
    return t._(english) if english else humanise(key)


def status(value: str, t: Lang) -> str:
    return _label(_STATUS, value, t)


def kpi(identifier: Any, t: Lang, names: Any = None) -> str:
    """A shipped KPI's catalogue label; else the name the KPI's own definition gives (a KPI defined in a
    criteria set or a manifest), in the report's language or English; else the id in words."""
    key = str(identifier)
    if key in _KPI or key.lower() in _KPI or not isinstance(names, dict):
        return _label(_KPI, identifier, t)
    named = names.get(t.code) or names.get("en")
    return str(named) if named else humanise(key)


def question(identifier: Any, t: Lang) -> str:
    return _label(_QUESTION, identifier, t)


def answer(value: Any, t: Lang) -> str:
    """A typical answer: a scale id (`agree`), a boolean (`True` -> "yes") or a number kept as a number."""
    if isinstance(value, bool):
        return t._("yes") if value else t._("no")
    if isinstance(value, int | float):
        return t.decimal(value, 1, trim=True)
    text = str(value)
    try:
        return t.decimal(float(text), 1, trim=True)
    except ValueError:
        return _label(_ANSWER, text, t)


def role(identifier: Any, t: Lang) -> str:
    return _label(_ROLE, identifier, t)


def dataset(identifier: Any, t: Lang) -> str:
    return _label(_DATASET, identifier, t)


def field(identifier: Any, t: Lang) -> str:
    """A data field the export lacks, as words ("whether the answer was disputed")."""
    return _label(_FIELD, identifier, t)


def column(identifier: Any, t: Lang, dataset: Any = None) -> str:
    """A data field as a column's name ("Resolution date"), for the fields a data check can flag; `dataset`
    picks the meaning a field has there where it differs (`abandoned`: yes/no per call, a count per month).
    Any other field: its words as a data field lacking, capitalised; an organisation's own score item
    (`felt_valued`) in words."""
    english = (_COLUMN.get(f"{dataset}.{identifier}") if dataset else None) or _COLUMN.get(str(identifier))
    if english:
        return t._(english)
    named = field(identifier, t)
    return named[:1].upper() + named[1:]


def trend(identifier: Any, t: Lang) -> str:
    return _label(_TREND, identifier, t)


def kind(identifier: Any, t: Lang) -> str:
    return _label(_KIND, identifier, t)
