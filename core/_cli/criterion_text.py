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
           "questions": "Questions", "recommendation": "When it is not met", "parameters": "Parameters",
           "rubric": "Rubric", "accepted": "Evidence accepted", "rejected": "Evidence rejected",
           "guide": "interview prompts", "shared": "Also graded at another level", "cross": "Cross-level enabler"},
    "fr": {"level": "Niveau", "elements": "Éléments", "weight": "Poids", "knockout": "éliminatoire",
           "statement": "Ce qui est attendu", "guidance": "Comment l'évaluer", "evidence": "Preuves",
           "questions": "Questions", "recommendation": "Si le critère n'est pas satisfait",
           "parameters": "Paramètres", "rubric": "Grille de lecture", "accepted": "Preuves retenues",
           "rejected": "Preuves écartées", "guide": "relances pour l'entretien",
           "shared": "Aussi noté à un autre niveau", "cross": "Levier transversal"},
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
    if criterion.cross_level:
        cross = criterion.cross_level
        dimension = next((d for d in cset.dimensions if d["id"] == cross.get("dimension")), None)
        name = pick(dimension["name"], lang) if dimension else ""
        yield f"{label['cross']} {cross.get('topic')} ({cross.get('dimension')} {name})".rstrip()
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
            if question.guide:
                yield f"      {_LABELS[lang]['guide']}{colon}"
                yield from (f"      · {pick(prompt, lang)}" for prompt in question.guide)
    yield from _rubric_lines(cset, criterion, lang, label)
    if criterion.shared_measure:
        yield ""
        yield label["shared"]
        yield f"  {pick(criterion.shared_measure, lang)}"
    if criterion.parameters:
        yield ""
        yield f"{label['parameters']}"
        for name, param in sorted(criterion.parameters.items()):
            yield f"  - {name} = {param.value:g} (stricter: {param.stricter})"
    yield ""
    yield f"{label['recommendation']}"
    yield f"  {pick(criterion.recommendation, lang)}"


def _rubric_lines(cset: CriteriaSet, criterion: Criterion, lang: str, label: dict[str, str]) -> Iterator[str]:
    """Each scale value, worst to best, with what it looks like here; then evidence accepted and rejected."""
    rubric = criterion.rubric
    if rubric is None:
        return
    yield ""
    yield label["rubric"]
    colon = " :" if lang == "fr" else ":"
    scale = cset.scales.get(criterion.scale)
    for value in scale.values if scale else ():
        if value.id in rubric.values:
            yield f"  - {pick(value.label, lang)} ({value.score:g}){colon} {pick(rubric.values[value.id], lang)}"
    for key, examples in (("accepted", rubric.accepted), ("rejected", rubric.rejected)):
        yield f"  {label[key]}"
        yield from (f"    + {pick(t, lang)}" if key == "accepted" else f"    - {pick(t, lang)}" for t in examples)
