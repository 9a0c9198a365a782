"""The canonical datasets and how common tool exports name their columns.

One table drives both the collector (which columns to look for, how to type them) and the KPI engine
(which field names a formula may use), so a field cannot be accepted by one and unknown to the other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "DATE_FIELDS",
    "DESCRIPTIVE",
    "FIELDS",
    "PROFILES",
    "SCALES",
    "SCORE_DATASETS",
    "SCORE_NAME",
    "Profile",
    "canonical_name",
    "fields_of",
    "own_score",
    "recognise",
    "text_kind",
]

# field -> type: ts (UTC timestamp), bool, num (DOUBLE), text (VARCHAR, as written), cat (VARCHAR, a
# category: compared case-, space- and accent-insensitively, so it is stored normalised)
FIELDS: dict[str, dict[str, str]] = {
    "tickets": {
        "id": "text",
        "created_at": "ts",
        "first_reply_at": "ts",
        "resolved_at": "ts",
        "due_at": "ts",
        "first_reply_due_at": "ts",
        "channel": "cat",
        "priority": "cat",
        "status": "cat",
        "reopened": "bool",
        "reopen_count": "num",
        "customer_id": "text",
        "satisfaction_score": "num",
        "first_contact_resolution": "bool",
        "contacts": "num",
        "assignee": "cat",
        "category": "cat",
        "team": "cat",
        "site": "cat",
        "agency": "cat",
    },
    "complaints": {
        "id": "text",
        "received_at": "ts",
        "acknowledged_at": "ts",
        "resolved_at": "ts",
        "due_at": "ts",
        "channel": "cat",
        "category": "cat",
        "product": "cat",
        "outcome": "cat",
        "escalated": "bool",
        "timely_response": "bool",
        "disputed": "bool",
        "customer_id": "text",
        "satisfaction_score": "num",
        "team": "cat",
        "site": "cat",
        "agency": "cat",
    },
    "survey": {
        "id": "text",
        "responded_at": "ts",
        "satisfaction_score": "num",
        "recommend_score": "num",
        "effort_score": "num",
        "exceeded_expectations": "bool",
        "delight_score": "num",
        "channel": "cat",
        "customer_id": "text",
        "comment": "text",
        "category": "cat",
        "team": "cat",
        "site": "cat",
        "agency": "cat",
    },
    "calls": {
        "id": "text",
        "started_at": "ts",
        "answered_at": "ts",
        "ended_at": "ts",
        "abandoned": "bool",
        "wait_seconds": "num",
        "channel": "cat",
        "bot_handled": "bool",
        "escalated_to_human": "bool",
        "transferred": "bool",
        "customer_id": "text",
        "queue": "cat",
        "team": "cat",
        "site": "cat",
        "agency": "cat",
    },
    "calls_monthly": {  # aggregate exports: one row per month (and queue, channel...) with totals
        "month": "ts",
        "offered": "num",
        "answered": "num",
        "answered_in_target": "num",
        "target_seconds": "num",
        "abandoned": "num",
        "channel": "cat",
        "queue": "cat",
        "team": "cat",
        "site": "cat",
        "agency": "cat",
    },
    "employee_survey": {
        "id": "text",
        "responded_at": "ts",
        "recommend_score": "num",
        "empowerment_score": "num",
        "training_hours": "num",
        "team": "cat",
        "site": "cat",
        "agency": "cat",
    },
}

#: The answer scale a score field is on unless the manifest declares another (`scales:`). Values
#: outside the scale are invalid; KPIs that need a scale check it (see _scales).
SCALES: dict[str, tuple[int, int]] = {
    "satisfaction_score": (1, 5),
    "recommend_score": (0, 10),
    "effort_score": (1, 7),
    "delight_score": (1, 5),
    "empowerment_score": (1, 5),
}


#: Dataset kinds whose files may carry score items of the organisation's own ("felt valued", "made it
#: easy"): the manifest's `scores:` names each one and declares its scale; it is then a numeric field
#: of that file that KPIs defined as data may read, checked against its scale like the fields above.
SCORE_DATASETS = ("survey", "employee_survey")
#: How such an item may be named: like a canonical field, so formulas can name it.
SCORE_NAME = r"^[a-z][a-z0-9_]*$"


def own_score(dataset: str, name: object) -> bool:
    """Whether a formula may read `name` as a score item of the organisation's own: a survey dataset, a
    name shaped like a field and not a canonical one. Whether any file maps it is the data's business:
    a KPI on an item no file maps has no value (missing field), never an invented one."""
    return (
        dataset in SCORE_DATASETS
        and isinstance(name, str)
        and re.fullmatch(SCORE_NAME, name) is not None
        and name not in FIELDS[dataset]
    )


def fields_of(dataset: str, scores: Mapping[str, object] | None = None) -> dict[str, str]:
    """The fields of one file: its dataset's canonical fields and the score items its entry maps."""
    return {**FIELDS[dataset], **{name: "num" for name in scores or {}}}


def text_kind(kind: str) -> bool:
    """Both text kinds are VARCHAR in the canonical Parquet."""
    return kind in ("text", "cat")


#: The timestamp that places a record in a month when a KPI does not name its own `date_field`.
DATE_FIELDS: dict[str, str] = {
    "tickets": "created_at",
    "complaints": "received_at",
    "survey": "responded_at",
    "calls": "started_at",
    "calls_monthly": "month",
    "employee_survey": "responded_at",
}

#: Fields that say what a record is (its channel, team, queue), not what happened to it: the only fields a
#: file's `constants:` may set, besides its date field (an undated survey's date). A constant for a
#: measured field (reopened, first_contact_resolution, abandoned, a score, a resolution time) would state
#: the figure instead of recording it: with `constants: {first_contact_resolution: true}` a tickets export
#: with no such column printed "First-contact resolution: 100 %", satisfied.
DESCRIPTIVE = frozenset({
    "channel", "priority", "category", "team", "site", "agency", "queue", "product", "bot_handled",
    "target_seconds",
})  # fmt: skip

# A mapped source is a column name, or ("minutes_after", base column, minutes column) for exports that
# give durations instead of timestamps (Zendesk's "First reply time in minutes").
Source = str | tuple[str, str, str]


class Profile:
    """A vendor export layout, applied only when all its signature columns are present."""

    def __init__(
        self, name: str, datasets: tuple[str, ...], signature: tuple[str, ...], columns: Mapping[str, Source]
    ) -> None:
        self.name, self.datasets, self.signature, self.columns = name, datasets, signature, dict(columns)


PROFILES: tuple[Profile, ...] = (
    Profile(
        "Zendesk",
        ("tickets",),
        ("Id", "Requester", "Created at", "Via"),
        {
            "id": "Id",
            "created_at": "Created at",
            "resolved_at": "Solved at",
            "due_at": "Due date",
            "channel": "Via",
            "priority": "Priority",
            "status": "Status",
            "reopen_count": "Reopens",
            "customer_id": "Requester id",
            "satisfaction_score": "Satisfaction Score",
            "assignee": "Assignee",
            "first_reply_at": ("minutes_after", "Created at", "First reply time in minutes"),
        },
    ),
    Profile(
        "Freshdesk",
        ("tickets",),
        ("Ticket ID", "Created time", "Due by Time"),
        {
            "id": "Ticket ID",
            "created_at": "Created time",
            "due_at": "Due by Time",
            "resolved_at": "Resolved time",
            "first_reply_at": "Initial response time",
            "channel": "Source",
            "priority": "Priority",
            "status": "Status",
            "assignee": "Agent",
            "customer_id": "Contact ID",
            "satisfaction_score": "Survey results",
        },
    ),
    Profile(
        "Jira Service Management",
        ("tickets", "complaints"),
        ("Issue key", "Issue id", "Created"),
        {
            "id": "Issue key",
            "created_at": "Created",
            "received_at": "Created",
            "resolved_at": "Resolved",
            "due_at": "Due Date",
            "priority": "Priority",
            "status": "Status",
            "assignee": "Assignee",
            "customer_id": "Reporter",
            "channel": "Custom field (Source)",
            "satisfaction_score": "Satisfaction rating",
        },
    ),
    Profile(
        "CFPB",
        ("complaints",),
        ("complaint_id", "date_received", "timely_response"),
        {
            "id": "complaint_id",
            "received_at": "date_received",
            "acknowledged_at": "date_sent_to_company",
            "channel": "submitted_via",
            "product": "product",
            "category": "issue",
            "outcome": "company_response_to_consumer",
            "timely_response": "timely_response",
            "disputed": "consumer_disputed?",
        },
    ),
    Profile(
        "Microsoft Forms",
        ("survey", "employee_survey"),
        ("Id", "Start time", "Completion time"),
        {
            "id": "Id",
            "responded_at": "Completion time",
            "customer_id": "Email",
        },
    ),
    Profile(
        "Google Forms",
        ("survey", "employee_survey"),
        ("Timestamp",),
        {
            "responded_at": "Timestamp",
            "customer_id": "Email Address",
        },
    ),
)


def canonical_name(column: str) -> str:
    """`First Reply At` and `first_reply_at` name the same field; exports vary in case and spacing."""
    return re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")


def recognise(dataset: str, columns: list[str]) -> tuple[Profile | None, list[str]]:
    """The one vendor layout these headers unambiguously match, and the names of all that matched."""
    present = set(columns)
    hits = [p for p in PROFILES if dataset in p.datasets and set(p.signature) <= present]
    # A longer signature that matches is more specific than a shorter one it contains.
    best = [p for p in hits if not any(set(p.signature) < set(q.signature) for q in hits)]
    return (best[0] if len(best) == 1 else None), [p.name for p in best]
