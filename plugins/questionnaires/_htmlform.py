"""A printable, self-contained HTML form for interviews on paper.

Criteria texts come from criteria files anyone can write, so the template autoescapes everything;
the page has no external resources, so it prints the same offline.
"""

from __future__ import annotations

from collections.abc import Sequence

from servex import CriteriaSet, pick
from servex.plugins.questionnaires._fields import ROLE_LABELS, ROLES, Item

__all__ = ["build_html"]

_WORDS = {
    "en": {
        "name": "Name or pseudonym",
        "role": "Role",
        "date": "Date",
        "yes": "Yes",
        "no": "No",
        "only": "Only if",
        "number": "Number:",
        "asked": "Asked of",
        "several": "(tick all that apply)",
    },
    "fr": {
        "name": "Nom ou pseudonyme",
        "role": "Rôle",
        "date": "Date",
        "yes": "Oui",
        "no": "Non",
        "only": "Seulement si",
        "number": "Nombre :",
        "asked": "Posée à",
        "several": "(cocher tout ce qui s'applique)",
    },
}

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;color:#111;line-height:1.4}
h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #999;margin-top:1.6em;break-after:avoid}
.q{margin:.8em 0 1.2em;break-inside:avoid}.q p{margin:.2em 0}.help,.meta{color:#555;font-size:.9em}
ul{list-style:none;padding-left:1em;margin:.3em 0}li::before{content:"\\2610\\00a0"}
.line{border-bottom:1px solid #777;min-height:1.6em;margin:.3em 0}.who td{padding:.3em .6em .3em 0}
@media print{body{margin:0}}
</style></head><body>
<h1>{{ title }}</h1>
<p class="meta">{{ set_id }} {{ version }}{% if scope %} · {{ scope }}{% endif %}</p>
<table class="who">
<tr><td>{{ w.name }}</td><td class="line" style="width:20em"></td></tr>
<tr><td>{{ w.role }}</td><td>{% if role %}{{ roles[role] }}{% else %}<ul style="display:flex;gap:1em">
{% for r in all_roles %}<li>{{ roles[r] }}</li>{% endfor %}</ul>{% endif %}</td></tr>
<tr><td>{{ w.date }}</td><td class="line"></td></tr>
</table>
{% for group in groups %}<h2>{{ group.id }} · {{ group.title }}</h2>
{% for q in group.questions %}<div class="q"><p><strong>{{ q.number }}.</strong> {{ q.text }}</p>
{% if q.help %}<p class="help">{{ q.help }}</p>{% endif %}
{% if q.only %}<p class="meta">{{ w.only }} {{ q.only }}</p>{% endif %}
{% if q.asked %}<p class="meta">{{ w.asked }}: {{ q.asked }}</p>{% endif %}
{% if q.several %}<p class="meta">{{ w.several }}</p>{% endif %}
{% if q.choices %}<ul>{% for c in q.choices %}<li>{{ c }}</li>{% endfor %}</ul>
{% elif q.number_field %}<p>{{ w.number }} ________</p>
{% else %}<div class="line"></div><div class="line"></div>{% endif %}
</div>{% endfor %}{% endfor %}
</body></html>
"""


def _condition(item: Item, lang: str) -> str:
    """`ask_if` in words: the other question's text and the answer that opens this one."""
    cond = item.question.ask_if
    if not cond:
        return ""
    other = next((q for q in item.criterion.questions if q.id == cond["question"]), None)
    if other is None:
        return ""
    equals = cond["equals"]
    if other.type == "yes_no":
        answer = _WORDS[lang]["yes" if str(equals).lower() in ("true", "yes", "oui") else "no"]
    else:
        answer = next((pick(c.label, lang) for c in other.choices if c.id == str(equals)), str(equals))
    return f"« {pick(other.text, lang)} » = {answer}" if lang == "fr" else f'"{pick(other.text, lang)}" = {answer}'


def build_html(cset: CriteriaSet, items: Sequence[Item], lang: str, role: str | None, level: str | None) -> str:
    from jinja2 import Environment

    w = _WORDS[lang]
    groups: list[dict[str, object]] = []
    for number, item in enumerate(items, start=1):
        if not groups or groups[-1]["id"] != item.criterion.id:
            groups.append({"id": item.criterion.id, "title": pick(item.criterion.title, lang), "questions": []})
        q = item.question
        choices = [pick(c.label, lang) for c in q.choices]
        if q.type == "yes_no":
            choices = [w["yes"], w["no"]]
        questions = groups[-1]["questions"]
        assert isinstance(questions, list)
        questions.append(
            {
                "number": number,
                "text": pick(q.text, lang),
                "help": pick(q.help, lang),
                "only": _condition(item, lang),
                "asked": "" if role else ", ".join(ROLE_LABELS[r][lang] for r in q.roles),
                "choices": choices,
                "several": q.type == "multiple",
                "number_field": q.type == "number",
            }
        )
    env = Environment(autoescape=True)
    return env.from_string(_TEMPLATE).render(
        lang=lang,
        title=pick(cset.title, lang),
        set_id=cset.id,
        version=cset.version,
        scope=" · ".join(p for p in (level or "", ROLE_LABELS[role][lang] if role else "") if p),
        w=w,
        role=role,
        roles={r: ROLE_LABELS[r][lang] for r in ROLES},
        all_roles=ROLES,
        groups=groups,
    )
