"""Which questions a form asks, under which field names, and when (roles and `ask_if`).

Export, fill and import all go through this one module so a field name written into an XLSForm or a
partial fill file is read back to the same criterion and question, whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from servex import CriteriaSet, Criterion, Question

__all__ = [
    "ROLES",
    "ROLE_LABELS",
    "Item",
    "asks",
    "field_name",
    "items_by_field",
    "select",
]

ROLES = ("management", "staff", "customer")
ROLE_LABELS = {
    "management": {"en": "Management", "fr": "Direction"},
    "staff": {"en": "Staff", "fr": "Personnel"},
    "customer": {"en": "Customer", "fr": "Client"},
}


@dataclass(frozen=True)
class Item:
    """One question of one criterion, with the field name every format uses for it."""

    criterion: Criterion
    question: Question
    name: str

    @property
    def key(self) -> str:
        """`PYR-L2-07.q_feedback_changes`, the way people write a question in a manifest mapping."""
        return f"{self.criterion.id}.{self.question.id}"


def field_name(criterion_id: str, question_id: str) -> str:
    """A valid XML name (XLSForm `name`): `PYR-L1-01` + `q_promise_known` -> `PYR_L1_01__q_promise_known`."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", criterion_id)
    name = f"{base}__{re.sub(r'[^A-Za-z0-9_]', '_', question_id)}"
    return name if re.match(r"[A-Za-z_]", name) else f"q_{name}"


def select(cset: CriteriaSet, level: str | None = None, role: str | None = None) -> list[Item]:
    """The questions of a set, optionally of one level and one role. Raises ValueError when the level or
    role does not exist, so the command can say so instead of writing an empty form."""
    if level is not None and level not in {lv.id for lv in cset.levels}:
        raise ValueError(f"{cset.id} has no level {level!r} (levels: {', '.join(lv.id for lv in cset.levels)})")
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    items: list[Item] = []
    names: set[str] = set()
    for criterion in cset.criteria:
        if criterion.deprecated or (level is not None and criterion.level != level):
            continue
        for question in criterion.questions:
            if role is not None and role not in question.roles:
                continue
            name = field_name(criterion.id, question.id)
            if name in names:
                raise ValueError(f"two questions share the field name {name}; rename one of them")
            names.add(name)
            items.append(Item(criterion, question, name))
    return items


def items_by_field(items: Iterable[Item]) -> dict[str, Item]:
    return {item.name: item for item in items}


def _same(value: Any, expected: Any) -> bool:
    """`ask_if.equals` written as true/yes/oui matches a yes answer; otherwise values compare as text."""
    yes = {"true", "yes", "oui"}
    no = {"false", "no", "non"}
    a, b = str(value).lower(), str(expected).lower()
    if a in yes | no and b in yes | no:
        return (a in yes) == (b in yes)
    if isinstance(value, list):
        return str(expected) in [str(v) for v in value]
    return a == b


def asks(item: Item, role: str, answers: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether the question is put to this respondent, given the answers so far (`ask_if`)."""
    if role not in item.question.roles:
        return False
    condition = item.question.ask_if
    if not condition:
        return True
    given = answers.get(item.criterion.id, {})
    if condition["question"] not in given:
        return False
    return _same(given[condition["question"]], condition["equals"])
