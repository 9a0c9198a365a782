"""The report catalogues: every message the code uses is in the template and translated into French
and German with the same placeholders, and the German criteria catalogue covers the shipped sets'
titles, statements, recommendations, rubrics and evidence descriptions (a missing text would show English
in a German report, and a rubric not fully translated is left out of it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "plugins" / "reports" / "locale"
CRITERIA = Path(__file__).resolve().parents[2] / "criteria"
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}


def _code_messages() -> set[Any]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(LOCALE.parent), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message)
    return found


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_the_template_lists_every_message_the_code_uses() -> None:
    with (LOCALE / "reports.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert _code_messages() == template, "run the pybabel extract command in docs/reports.md"


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    with (LOCALE / "reports.pot").open("rb") as handle:
        template = [m for m in read_po(handle) if m.id]
    with (LOCALE / lang / "LC_MESSAGES" / "reports.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    for message in template:
        translated = catalogue.get(message.id)
        assert translated is not None and not translated.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        assert all(strings), message.id
        wanted = set().union(*(_fields(i) for i in ids)) - {"n"}
        for text in strings:
            assert _fields(text) - {"n"} <= wanted | {"n"} and wanted <= _fields(text) | {"n"}, (message.id, text)


def test_german_criteria_texts_cover_the_samples(sample_results: dict[str, dict[str, Any]]) -> None:
    with (LOCALE / "de" / "LC_MESSAGES" / "criteria.po").open("rb") as handle:
        german = {m.id for m in read_po(handle, locale="de") if m.id and m.string}
    for result in sample_results.values():
        for finding in result["findings"]:
            for key in ("title", "statement", "recommendation"):
                text = (finding.get(key) or {}).get("en")
                assert not text or text in german, (finding["criterion_id"], key)


def test_german_criteria_texts_cover_every_requirement_description() -> None:
    with (LOCALE / "de" / "LC_MESSAGES" / "criteria.po").open("rb") as handle:
        german = {m.id for m in read_po(handle, locale="de") if m.id and m.string}
    missing = []
    for name in ("pyramid", "complaints", "digital"):
        shipped = yaml.safe_load((CRITERIA / f"{name}.yaml").read_text("utf-8"))
        for criterion in shipped.get("criteria", []):
            for requirement in criterion.get("evidence", []):
                text = (requirement.get("description") or {}).get("en")
                if text and text not in german:
                    missing.append(f"{criterion['id']} {requirement['id']}")
    assert not missing, f"no German text for the evidence description of {', '.join(missing)}"


def _german_criteria() -> set[str]:
    with (LOCALE / "de" / "LC_MESSAGES" / "criteria.po").open("rb") as handle:
        return {m.id for m in read_po(handle, locale="de") if m.id and m.string}


def test_german_criteria_texts_cover_every_shipped_criterion() -> None:
    """Every text a report prints for a criterion of the shipped sets has German: title, statement,
    recommendation, and each rubric text (the values, accepted and rejected evidence). `guidance` is not
    printed by reports and no set has it in German, so it is not asked for here."""
    german = _german_criteria()
    missing = []
    for name in ("pyramid", "complaints", "digital"):
        shipped = yaml.safe_load((CRITERIA / f"{name}.yaml").read_text("utf-8"))
        for criterion in shipped.get("criteria", []):
            texts = [(key, criterion.get(key)) for key in ("title", "statement", "recommendation")]
            rubric = criterion.get("rubric") or {}
            texts += [(f"rubric.values.{key}", value) for key, value in (rubric.get("values") or {}).items()]
            for kind in ("accepted", "rejected"):
                texts += [(f"rubric.{kind}[{i}]", value) for i, value in enumerate(rubric.get(kind) or [])]
            for field, value in texts:
                text = (value or {}).get("en") if isinstance(value, dict) else value
                if text and text not in german:
                    missing.append(f"{name} {criterion['id']} {field}")
    assert not missing, f"no German text for {len(missing)} criteria texts: {', '.join(missing)}"
