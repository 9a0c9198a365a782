"""Check and score responses: who answered what, when, on the question's own scale.

Every format (YAML/JSON, XLSForm exports, CSV exports) is first turned into the same response
mappings, so one set of checks names a bad answer (unknown question, value off the scale, duplicated
respondent, no date or a date far from the period: see `_dating`) with its file and place, leaves it out,
and lets the other answers of the file count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from servex import CollectContext, Question
from servex.plugins.questionnaires._coerce import NO_WORDS, YES_WORDS, unclear_number
from servex.plugins.questionnaires._dating import dating_problem
from servex.plugins.questionnaires._repeats import Repeats

__all__ = ["entries", "score_answer"]

_ROLES = ("management", "staff", "customer")


def score_answer(question: Question, value: Any) -> float | None:
    """The answer's score 0-100; None for free text. Raises ValueError when the value does not fit."""
    kind = question.type
    if kind == "text":
        if not isinstance(value, str):
            raise ValueError("expected text")
        return None
    if kind == "yes_no":
        if isinstance(value, bool):
            return 100.0 if value else 0.0
        if isinstance(value, str) and value.strip().lower() in YES_WORDS | NO_WORDS:
            return 100.0 if value.strip().lower() in YES_WORDS else 0.0
        raise ValueError("expected yes or no")
    if kind == "number":
        if isinstance(value, str) and unclear_number(value):
            raise ValueError(unclear_number(value))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("expected a number")
        bands = sorted(question.number_bands)
        reached = [score for low, score in bands if value >= low]
        if not reached:
            raise ValueError(f"{value} is below the lowest band ({bands[0][0] if bands else 'none'})")
        return float(reached[-1])
    scores = {choice.id: choice.score for choice in question.choices}
    picked = value if kind == "multiple" and isinstance(value, list) else [value]
    if kind != "multiple" and isinstance(value, list):
        raise ValueError("expected one choice")
    unknown = [str(v) for v in picked if str(v) not in scores]
    if unknown or not picked:
        raise ValueError(f"{', '.join(unknown) or 'nothing'} is not one of {', '.join(scores)}")
    return sum(scores[str(v)] for v in picked) / len(picked)


def entries(
    responses: Sequence[Any], rel: str, ctx: CollectContext, repeats: Repeats | None = None
) -> list[dict[str, Any]]:
    """The valid answers as flat entries. A response imported from a table carries `_row`, its row
    number in the sheet, so warnings point at the row (as `line`) rather than at a list index.
    `repeats`: what the run's earlier answers files held (a response met there is not counted again)."""
    questions = {c.id: {q.id: q for q in c.questions} for c in ctx.criteria_set.criteria}
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for index, response in enumerate(responses):
        row = response.get("_row") if isinstance(response, Mapping) else None
        where = f"row {row}" if row else f"responses[{index}]"
        base, prefix = ("", "") if row else (f"{where}.", f"{where}.answers.")

        def warn(message: str, field: str, *, error: bool = False, row: Any = row) -> None:
            (ctx.error if error else ctx.warn)(message, file=rel, line=row, field=field)

        who = response.get("respondent") if isinstance(response, Mapping) else None
        if not isinstance(who, Mapping) or who.get("role") not in _ROLES or not who.get("id"):
            warn(f"respondent needs an id and a role ({', '.join(_ROLES)})", f"{base}respondent", error=True)
            continue
        rid = str(who["id"])
        given = response.get("answers") or {}
        blank = isinstance(given, Mapping) and all(
            v in (None, "") for answers in given.values() if isinstance(answers, Mapping) for v in answers.values()
        )
        problem = None if blank else dating_problem(response.get("answered_at"), ctx.period)
        if problem is not None:  # a blank response (an unfilled export) says nothing, so needs no date
            warn(f"respondent {rid}: {problem[0]}", f"{base}answered_at", error=problem[1])
            continue
        if rid in seen:
            warn(f"respondent {rid} answers twice; the second response is ignored", where)
            continue
        seen.add(rid)
        if not isinstance(given, Mapping):
            warn("answers must map criterion ids to {question: answer}", f"{base}answers", error=True)
            continue
        before = repeats.earlier(rel, rid, who, response.get("answered_at"), given) if repeats else None
        if before is not None:
            named = f"{rid} ({who['name']})" if who.get("name") and str(who["name"]) != rid else rid
            warn(f"respondent {named} already answered in {before}; this response is not counted again", where)
            continue
        for cid, answers in given.items():
            if cid not in questions or not isinstance(answers, Mapping):
                warn(f"unknown criterion {cid!r} in {ctx.criteria_set.id}; answers ignored", f"{prefix}{cid}")
                continue
            for qid, value in answers.items():
                field = f"{prefix}{cid}.{qid}"
                question = questions[cid].get(str(qid))
                if question is None:
                    warn(f"{cid} has no question {qid!r}; answer ignored", field)
                    continue
                if value is None or value == "":  # left blank: not answered
                    continue
                if who["role"] not in question.roles:
                    warn(f"question {cid}/{qid} is not asked of {who['role']}; answer ignored", field)
                    continue
                try:
                    score = score_answer(question, value)
                except ValueError as exc:
                    warn(f"answer {value!r} to {cid}/{qid} ignored: {exc}", field)
                    continue
                out.append(
                    {
                        "respondent": rid,
                        "name": str(who.get("name") or rid),
                        "role": who["role"],
                        "date": str(response.get("answered_at") or ""),
                        "criterion": cid,
                        "question": str(qid),
                        "value": value,
                        "score": score,
                    }
                )
    return out
