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
from functools import lru_cache
from pathlib import Path
from typing import Any

from servex import Question
from servex.plugins.questionnaires._fields import ROLE_LABELS

__all__ = [
    "NO_WORDS",
    "YES_WORDS",
    "match_role",
    "norm",
    "parse_date",
    "read_number",
    "to_value",
    "unclear_number",
]

#: yes and no as English, French and German answers write them
YES_WORDS = frozenset({"yes", "oui", "ja", "true", "y", "o", "j", "1", "vrai", "wahr"})
NO_WORDS = frozenset({"no", "non", "nein", "false", "n", "0", "faux", "falsch"})


#: one group of three digits after a comma or a point: 1.25 in Paris, 1250 in London (and "1.250" in Berlin)
_UNCLEAR = re.compile(r"[-+]?[1-9]\d{0,2}[.,]\d{3}")
_PLAIN = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?")
_COMMA_GROUPS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")  # 1,234,567 and 1,234.5
_DOT_GROUPS = re.compile(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?")  # 1.234.567 and 1.234,5


def read_number(text: str) -> float | None:
    """A number as a respondent wrote it in an export's cell: a decimal comma or point, thousands grouped
    by commas, points or spaces. None when it is not a number, or when it can be read two ways (`1,250`,
    `1.250`: see unclear_number). What was observed: every comma was taken for a decimal point, so
    "1,250 customers surveyed" was read as 1.25 and landed in the lowest band without a word."""
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if _UNCLEAR.fullmatch(text):
        return None
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    if _COMMA_GROUPS.fullmatch(text):
        return float(text.replace(",", ""))
    if _DOT_GROUPS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return None


def unclear_number(text: str) -> str | None:
    """Why a number written `1,250` or `1.250` is not read (a decimal mark or a thousands separator);
    None for any other text."""
    plain = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not _UNCLEAR.fullmatch(plain):
        return None
    mark = "," if "," in plain else "."
    small, large = f"{float(plain.replace(mark, '.')):g}", plain.replace(mark, "")
    return f"{text!r} can be read as {small} or as {large}; write it without a thousands separator"


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
    german = german_labels()
    for choice in question.choices:
        if key in {norm(choice.id), *(norm(label) for label in choice.label.values()), *german.get(choice.id, ())}:
            return choice.id
    return str(raw).strip()


@lru_cache(maxsize=1)
def german_labels() -> dict[str, frozenset[str]]:
    """choice id -> its German labels, normalised (see choices_de.yaml: criteria carry English and French)."""
    import yaml

    data = yaml.safe_load(Path(__file__).with_name("choices_de.yaml").read_text(encoding="utf-8"))
    return {str(cid): frozenset(norm(label) for label in labels) for cid, labels in data.items()}


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
        return True if key in YES_WORDS else False if key in NO_WORDS else str(raw)
    if kind == "number":
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        number = read_number(str(raw))
        if number is None:
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
