"""Turn what survey tools write in a cell into the answer a question expects.

Exports carry labels as respondents saw them ("Plutôt d'accord", "Rarely;Often;"), not choice ids;
matching ignores case and accents and accepts the id, the English or the French label. A value that
matches nothing is passed on unchanged, so the scoring step names it in a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from servex import Question
from servex.plugins.questionnaires._fields import ROLE_LABELS

__all__ = ["match_role", "norm", "parse_date", "to_value"]

_YES = {"yes", "oui", "true", "y", "o", "1", "vrai"}
_NO = {"no", "non", "false", "n", "0", "faux"}


def norm(text: Any) -> str:
    """Case-, accent- and spacing-insensitive form of a label or header."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u2019", "'").replace("\u2026", "...")
    return re.sub(r"\s+", " ", plain).strip().casefold()


def _choice(question: Question, raw: Any, values: Mapping[str, str]) -> Any:
    key = norm(raw)
    mapped = {norm(k): v for k, v in values.items()}
    if key in mapped:
        return mapped[key]
    for choice in question.choices:
        if key in {norm(choice.id), *(norm(label) for label in choice.label.values())}:
            return choice.id
    return str(raw).strip()


def to_value(question: Question, raw: Any, values: Mapping[str, str], separators: str) -> Any:
    """The typed answer; the raw text when it does not fit (scoring then rejects it with a reason)."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    kind = question.type
    if kind == "text":
        return str(raw)
    if kind == "yes_no":
        key = norm(values.get(str(raw), raw))
        if isinstance(raw, bool):
            return raw
        return True if key in _YES else False if key in _NO else str(raw)
    if kind == "number":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        text = str(raw).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return str(raw)
        return int(number) if number.is_integer() else number
    if kind == "multiple":
        whole = _choice(question, raw, values)
        if whole in {c.id for c in question.choices}:
            return [whole]
        parts = [p for p in re.split(f"[{re.escape(separators)}]", str(raw)) if p.strip()]
        return [_choice(question, p, values) for p in parts]
    return _choice(question, raw, values)


def match_role(raw: Any) -> str | None:
    key = norm(raw)
    for role, labels in ROLE_LABELS.items():
        if key == role or key in {norm(label) for label in labels.values()}:
            return role
    return None


def parse_date(raw: Any, formats: Sequence[str]) -> str | None:
    """ISO date (YYYY-MM-DD) of a cell; None when it cannot be read."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = re.sub(r"\s*(GMT|UTC)([+-]\d{1,2}(:?\d\d)?)?$", "", str(raw).strip())
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None
