"""Write a criteria set's questions as an XLSForm workbook that KoboToolbox and ODK accept.

Organisations collect answers with tools they already run; their response exports come back through
the importer (`_tabular.py`) under the same field names. Two `calculate` fields carry the set id and
version into every submission so answers given to an older version of the questions are recognised.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from servex import CriteriaSet, Question
from servex.plugins.questionnaires._fields import ROLE_LABELS, ROLES, Item

__all__ = ["LANGUAGES", "SET_FIELD", "VERSION_FIELD", "build_xlsform", "list_name", "relevant"]

LANGUAGES = {"en": "English (en)", "fr": "French (fr)"}
SET_FIELD, VERSION_FIELD = "servex_set", "servex_version"
_YES_NO = "servex_yes_no"
_RESPONDENT = {
    "group": {"en": "Respondent", "fr": "Répondant"},
    "role": {"en": "Your role", "fr": "Votre rôle"},
    "name": {"en": "Name or pseudonym", "fr": "Nom ou pseudonyme"},
    "date": {"en": "Date", "fr": "Date"},
    "yes": {"en": "Yes", "fr": "Oui"},
    "no": {"en": "No", "fr": "Non"},
}


def list_name(cset: CriteriaSet, item: Item) -> str:
    """The choices list of a question: the shared list's own name when it uses one, else its own."""
    if item.question.type == "yes_no":
        return _YES_NO
    shared = next((name for name, choices in cset.choice_lists.items() if choices == item.question.choices), None)
    return re.sub(r"[^A-Za-z0-9_]", "_", shared) if shared else item.name


def _type(cset: CriteriaSet, item: Item) -> str:
    q = item.question
    if q.type in ("scale", "single", "yes_no"):
        return f"select_one {list_name(cset, item)}"
    if q.type == "multiple":
        return f"select_multiple {list_name(cset, item)}"
    if q.type == "number":
        return "integer" if all(float(low).is_integer() for low, _ in q.number_bands) else "decimal"
    return "text"


def _literal(question: Question, value: Any) -> str:
    if question.type == "yes_no":
        return "'yes'" if str(value).lower() in ("true", "yes", "oui") else "'no'"
    if question.type == "number":
        return str(value)
    return "'" + str(value).replace("'", "") + "'"


def _constraint(question: Question) -> str:
    """A number below the lowest band cannot be scored, so the form refuses it at entry."""
    if question.type != "number" or not question.number_bands:
        return ""
    return f". >= {min(low for low, _ in question.number_bands):g}"


def relevant(item: Item, items: Sequence[Item], roles: Sequence[str]) -> str:
    """XPath skip logic: the roles asked (when the form serves several) and the `ask_if` condition."""
    parts = []
    asked = [r for r in roles if r in item.question.roles]
    if len(asked) < len(roles):
        parts.append("(" + " or ".join(f"${{role}} = '{r}'" for r in asked) + ")")
    cond = item.question.ask_if
    if cond:
        other = next((i for i in items if i.criterion is item.criterion and i.question.id == cond["question"]), None)
        if other is not None:
            if other.question.type == "multiple":
                parts.append(f"selected(${{{other.name}}}, {_literal(other.question, cond['equals'])})")
            else:
                parts.append(f"${{{other.name}}} = {_literal(other.question, cond['equals'])}")
    return " and ".join(parts)


def build_xlsform(cset: CriteriaSet, items: Sequence[Item], langs: Sequence[str], role: str | None) -> bytes:
    """The workbook as bytes: `survey`, `choices` and `settings` sheets."""
    from openpyxl import Workbook

    roles = [role] if role else [r for r in ROLES if any(r in i.question.roles for i in items)]
    labels = [f"label::{LANGUAGES[lang]}" for lang in langs]
    hints = [f"hint::{LANGUAGES[lang]}" for lang in langs]
    survey: list[list[Any]] = [
        [
            "type",
            "name",
            *labels,
            *hints,
            "relevant",
            "constraint",
            "required",
            "calculation",
            "default",
            "servex_criterion",
            "servex_level",
        ]
    ]

    def row(kind: str, name: str, label: dict[str, str] | None = None, **extra: Any) -> None:
        text = [(label or {}).get(lang, "") for lang in langs]
        hint = [extra.get("hint", {}).get(lang, "") for lang in langs]
        survey.append(
            [kind, name, *text, *hint]
            + [
                extra.get(k, "")
                for k in ("relevant", "constraint", "required", "calculation", "default", "criterion", "level")
            ]
        )

    row("calculate", SET_FIELD, calculation=f"'{cset.id}'")
    row("calculate", VERSION_FIELD, calculation=f"'{cset.version}'")
    row("begin_group", "respondent", _RESPONDENT["group"])
    row("select_one servex_role", "role", _RESPONDENT["role"], required="yes", default=role or "")
    row("text", "respondent_name", _RESPONDENT["name"], required="yes")
    row("date", "answered_at", _RESPONDENT["date"], required="yes")
    row("end_group", "")
    group = None
    for item in items:
        criterion = item.criterion
        if group is not criterion:
            if group is not None:
                row("end_group", "")
            row("begin_group", re.sub(r"[^A-Za-z0-9_]", "_", criterion.id), criterion.title, criterion=criterion.id)
            group = criterion
        hint = dict(item.question.help) if item.question.help else {}
        row(
            _type(cset, item),
            item.name,
            dict(item.question.text),
            hint=hint,
            relevant=relevant(item, items, roles),
            constraint=_constraint(item.question),
            criterion=criterion.id,
            level=criterion.level,
        )
    if group is not None:
        row("end_group", "")
    choices: list[list[Any]] = [["list_name", "name", *labels]]
    choices += [["servex_role", r, *(ROLE_LABELS[r][lang] for lang in langs)] for r in roles]
    done = {"servex_role"}
    for item in items:
        name = list_name(cset, item)
        if name in done or item.question.type not in ("scale", "single", "multiple", "yes_no"):
            continue
        done.add(name)
        if item.question.type == "yes_no":
            choices += [[name, v, *(_RESPONDENT[v][lang] for lang in langs)] for v in ("yes", "no")]
        else:
            choices += [[name, c.id, *(c.label.get(lang, c.id) for lang in langs)] for c in item.question.choices]
    settings = [
        ["form_title", "form_id", "version", "default_language", "servex_criteria_set", "servex_criteria_version"],
        [
            cset.title.get(langs[0], cset.id),
            re.sub(r"[^A-Za-z0-9_]", "_", cset.id),
            cset.version,
            LANGUAGES[langs[0]],
            cset.id,
            cset.version,
        ],
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for values in survey:
        sheet.append(values)
    for title, rows in (("choices", choices), ("settings", settings)):
        extra = book.create_sheet(title)
        for values in rows:
            extra.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
