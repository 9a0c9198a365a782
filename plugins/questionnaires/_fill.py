"""`servex questionnaire fill`: interview one respondent in a plain terminal.

Plain prompts (no full-screen UI) work over SSH, in a screen reader and in a test under a pseudo-
terminal. Progress is saved after every answer and again on Ctrl-C or end of input, so an interview
cut short resumes where it stopped instead of starting over (see `_fillstore.py` for where).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
from servex import CriteriaSet, pick
from servex.plugins.questionnaires._answers import score_answer
from servex.plugins.questionnaires._coerce import match_role, to_value
from servex.plugins.questionnaires._fields import ROLE_LABELS, ROLES, Item, asks
from servex.plugins.questionnaires._fillstore import (
    Progress,
    existing_answers,
    finish,
    load_progress,
    partial_path,
    save_progress,
)
from servex.plugins.questionnaires._yamlform import accepted

__all__ = ["run_fill"]

_WORDS = {
    "en": {
        "keys": "Answer with a number or a choice; '?' help, 'b' back, 's' skip, Ctrl-C to stop (progress is kept).",
        "role": "Role",
        "name": "Name or pseudonym",
        "date": "Date",
        "nohelp": "No help for this question.",
        "first": "This is the first question.",
        "keep": "Enter keeps the current answer",
        "yn": "yes/no",
        "resume": "Resuming {file}: {n} answer(s) so far.",
        "stop": "Stopped: {n} answer(s) saved to {file}. Run the same command again to resume.",
        "done": "Thank you. {n} answer(s) from {name} ({rid}) written to {file}.",
        "none": "No question of this selection is asked of {role}.",
    },
    "fr": {
        "keys": "Répondez par un numéro ou un choix ; '?' aide, 'b' retour, 's' passer, Ctrl-C pour arrêter.",
        "role": "Rôle",
        "name": "Nom ou pseudonyme",
        "date": "Date",
        "nohelp": "Pas d'aide pour cette question.",
        "first": "C'est la première question.",
        "keep": "Entrée garde la réponse actuelle",
        "yn": "oui/non",
        "resume": "Reprise de {file} : {n} réponse(s) déjà données.",
        "stop": "Arrêt : {n} réponse(s) enregistrée(s) dans {file}. Relancez la même commande pour reprendre.",
        "done": "Merci. {n} réponse(s) de {name} ({rid}) écrite(s) dans {file}.",
        "none": "Aucune question de cette sélection n'est posée au rôle {role}.",
    },
}


def _parse(item: Item, raw: str) -> Any:
    """The typed answer to `raw`, accepting choice numbers; raises ValueError with what is expected."""
    q = item.question
    if q.type in ("scale", "single", "multiple"):
        parts = [p.strip() for p in raw.split(",")] if q.type == "multiple" else [raw]
        ids = [q.choices[int(p) - 1].id if p.isdigit() and 0 < int(p) <= len(q.choices) else p for p in parts]
        raw = ",".join(ids)
    value = to_value(q, raw, {}, ",")
    score_answer(q, value)
    return value


class _Interview:
    def __init__(
        self, cset: CriteriaSet, items: Sequence[Item], progress: Progress, lang: str, save: Callable[[], None]
    ) -> None:
        self.cset, self.items, self.p, self.lang, self.save = cset, items, progress, lang, save
        self.w = _WORDS[lang]

    def header(self, fixed_role: str | None) -> None:
        p, w = self.p, self.w
        p.role = fixed_role or p.role
        while p.role is None:
            names = ", ".join(f"{n} {ROLE_LABELS[r][self.lang]}" for n, r in enumerate(ROLES, 1))
            raw = input(f"{w['role']} [{names}]: ").strip()
            p.role = ROLES[int(raw) - 1] if raw in ("1", "2", "3") else match_role(raw)
        self.save()
        while not p.name:
            p.name = input(f"{w['name']}: ").strip() or None
        self.save()
        while p.date is None:
            today = date.today().isoformat()
            raw = input(f"{w['date']} [{today}]: ").strip() or today
            try:
                p.date = date.fromisoformat(raw).isoformat()
            except ValueError:
                click.echo("YYYY-MM-DD")
        self.save()

    def mine(self) -> list[Item]:
        return [i for i in self.items if self.p.role in i.question.roles]

    def show(self, item: Item, n: int, total: int) -> None:
        q, lang = item.question, self.lang
        click.echo(f"\n[{n}/{total}] {item.criterion.id} · {pick(item.criterion.title, lang)}")
        click.echo(pick(q.text, lang))
        if q.type in ("scale", "single", "multiple"):
            for k, choice in enumerate(q.choices, 1):
                click.echo(f"  {k}) {pick(choice.label, lang)}")
        else:
            click.echo(f"  ({self.w['yn'] if q.type == 'yes_no' else accepted(item, lang)})")
        current = self.p.answers.get(item.criterion.id, {}).get(q.id)
        if current is not None:
            yes, no = self.w["yn"].split("/")
            shown = (yes if current else no) if isinstance(current, bool) else current
            click.echo(f"  [{self.w['keep']}: {shown}]")

    def run(self) -> None:
        mine, p = self.mine(), self.p
        click.echo(self.w["keys"])
        while p.position < len(mine):
            item = mine[p.position]
            given = p.answers.setdefault(item.criterion.id, {})
            if not asks(item, str(p.role), p.answers):
                given.pop(item.question.id, None)
                p.position += 1
                continue
            self.show(item, p.position + 1, len(mine))
            raw = input("> ").strip()
            if raw == "?":
                help_text = pick(item.question.help, self.lang) or self.w["nohelp"]
                click.echo(f"  {help_text}\n  ({pick(item.criterion.statement, self.lang)})")
            elif raw.lower() == "b":
                back = [j for j in range(p.position) if asks(mine[j], str(p.role), p.answers)]
                if back:
                    p.position = back[-1]
                else:
                    click.echo(self.w["first"])
            elif raw.lower() == "s":
                given.pop(item.question.id, None)
                p.skipped = sorted({*p.skipped, item.name})
                p.position += 1
            elif raw == "" and item.question.id in given:
                p.position += 1
            elif raw:
                try:
                    given[item.question.id] = _parse(item, raw)
                except (ValueError, IndexError) as exc:
                    click.echo(f"  ! {exc} ({accepted(item, self.lang)})")
                    continue
                p.skipped = [s for s in p.skipped if s != item.name]
                p.position += 1
            self.save()


def run_fill(
    cset: CriteriaSet, items: Sequence[Item], output: Path, *, role: str | None, lang: str, level: str | None
) -> int:
    """Interview, then write the answers file; 0 when finished, 130 when stopped (progress saved)."""
    existing_answers(output, cset)  # refuse an unusable output before asking anything
    partial = partial_path(output)
    options = {"level": level, "role_option": role}
    progress = load_progress(partial, cset, options)
    words = _WORDS[lang]
    if progress is not None:
        click.echo(words["resume"].format(file=partial.name, n=progress.count()))
    progress = progress or Progress()
    interview = _Interview(cset, items, progress, lang, lambda: save_progress(partial, cset, progress, options))
    click.echo(f"{pick(cset.title, lang)} ({cset.id} {cset.version})")
    try:
        interview.header(role)
        if not interview.mine():
            click.echo(words["none"].format(role=progress.role))
            partial.unlink(missing_ok=True)
            return 0
        interview.run()
    except (KeyboardInterrupt, EOFError):
        save_progress(partial, cset, progress, options)
        click.echo("\n" + words["stop"].format(n=progress.count(), file=partial))
        return 130
    rid = finish(output, cset, progress)
    click.echo("\n" + words["done"].format(n=progress.count(), name=progress.name, rid=rid, file=output))
    return 0
