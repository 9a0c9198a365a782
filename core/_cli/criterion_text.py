"""One criterion as plain text, in one language: what an auditor reads before a visit."""

from __future__ import annotations

import json
from collections.abc import Iterator

from servex._criteria.model import CriteriaSet, Criterion
from servex._text import pick

__all__ = ["criterion_lines"]

_LABELS = {
    "en": {"level": "Level", "elements": "Elements", "weight": "Weight", "knockout": "knock-out",
           "statement": "What good looks like", "guidance": "How it is judged", "evidence": "Evidence",
           "questions": "Questions", "recommendation": "When it is not met", "parameters": "Parameters"},
    "fr": {"level": "Niveau", "elements": "Éléments", "weight": "Poids", "knockout": "éliminatoire",
           "statement": "Ce qui est attendu", "guidance": "Comment l'évaluer", "evidence": "Preuves",
           "questions": "Questions", "recommendation": "Si le critère n'est pas satisfait",
           "parameters": "Paramètres"},
}


def criterion_lines(cset: CriteriaSet, criterion: Criterion, lang: str) -> Iterator[str]:
    colon = " :" if lang == "fr" else ":"  # French typography puts a space before the colon
    label = {key: text + colon for key, text in _LABELS[lang].items() if key != "knockout"}
    label["knockout"] = _LABELS[lang]["knockout"]
    level = next((lv for lv in cset.levels if lv.id == criterion.level), None)
    elements = {e.id: e for e in cset.elements}
    yield f"{criterion.id}  {pick(criterion.title, lang)}"
    knockout = f" ({label['knockout']})" if criterion.required else ""
    level_name = pick(level.name, lang) if level else ""
    yield f"{label['level']} {criterion.level} {level_name}   {label['weight']} {criterion.weight:g}{knockout}"
    names = [f"{e} {pick(elements[e].name, lang)}" if e in elements else e for e in criterion.elements]
    yield f"{label['elements']} {', '.join(names)}"
    for key, text in (("statement", criterion.statement), ("guidance", criterion.guidance)):
        if pick(text, lang):
            yield ""
            yield f"{label[key]}"
            yield f"  {pick(text, lang)}"
    yield ""
    yield f"{label['evidence']}"
    for req in criterion.evidence:
        params = json.dumps(dict(req.params), ensure_ascii=False, sort_keys=True)
        yield f"  - [{req.role}] {req.id} ({req.type}): {pick(req.description, lang)}"
        yield f"      {params}"
    if criterion.questions:
        yield ""
        yield f"{label['questions']}"
        for question in criterion.questions:
            yield f"  - {question.id} ({', '.join(question.roles)}): {pick(question.text, lang)}"
    if criterion.parameters:
        yield ""
        yield f"{label['parameters']}"
        for name, param in sorted(criterion.parameters.items()):
            yield f"  - {name} = {param.value:g} (stricter: {param.stricter})"
    yield ""
    yield f"{label['recommendation']}"
    yield f"  {pick(criterion.recommendation, lang)}"
