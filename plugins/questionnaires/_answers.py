"""Read answer files: who answered what, when, scored on the question's own scale.

A bad answer (unknown question, value off the scale, duplicated respondent) is reported with its file
and place and left out; the other answers of the file still count.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from servex import CollectContext, EvidenceItem, Provenance, Question, evidence_id, sha256_bytes

__all__ = ["collect", "score_answer"]

NAME = "questionnaires"
_ROLES = ("management", "staff", "customer")
_SUFFIXES = {".yaml": "application/yaml", ".yml": "application/yaml", ".json": "application/json"}


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
        if isinstance(value, str) and value.lower() in ("yes", "no", "oui", "non"):
            return 100.0 if value.lower() in ("yes", "oui") else 0.0
        raise ValueError("expected yes or no")
    if kind == "number":
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


def _questions(ctx: CollectContext) -> dict[str, dict[str, Question]]:
    return {c.id: {q.id: q for q in c.questions} for c in ctx.criteria_set.criteria}


def _read(path: Path, rel: str, ctx: CollectContext) -> tuple[bytes, Any] | None:
    import yaml

    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
        parsed = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        ctx.error(
            f"not a readable answers file: {str(exc).splitlines()[0]}",
            file=rel,
            line=None if line is None else line + 1,
        )
        return None
    if not isinstance(parsed, Mapping) or not isinstance(parsed.get("responses"), list):
        ctx.error("an answers file needs a 'responses' list", file=rel, field="responses")
        return None
    return data, parsed


def _entries(parsed: Mapping[str, Any], rel: str, ctx: CollectContext) -> list[dict[str, Any]]:
    questions = _questions(ctx)
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for index, response in enumerate(parsed["responses"]):
        where = f"responses[{index}]"
        who = response.get("respondent") if isinstance(response, Mapping) else None
        if not isinstance(who, Mapping) or who.get("role") not in _ROLES or not who.get("id"):
            ctx.error(f"respondent needs an id and a role ({', '.join(_ROLES)})", file=rel, field=f"{where}.respondent")
            continue
        rid = str(who["id"])
        if rid in seen:
            ctx.warn(f"respondent {rid} answers twice; the second response is ignored", file=rel, field=where)
            continue
        seen.add(rid)
        given = response.get("answers") or {}
        if not isinstance(given, Mapping):
            ctx.error("answers must map criterion ids to {question: answer}", file=rel, field=f"{where}.answers")
            continue
        for cid, answers in given.items():
            if cid not in questions or not isinstance(answers, Mapping):
                ctx.warn(
                    f"unknown criterion {cid!r} in {ctx.criteria_set.id}; answers ignored",
                    file=rel,
                    field=f"{where}.answers.{cid}",
                )
                continue
            for qid, value in answers.items():
                field = f"{where}.answers.{cid}.{qid}"
                question = questions[cid].get(str(qid))
                if question is None:
                    ctx.warn(f"{cid} has no question {qid!r}; answer ignored", file=rel, field=field)
                    continue
                if who["role"] not in question.roles:
                    ctx.warn(f"question {qid} is not asked of {who['role']}; answer ignored", file=rel, field=field)
                    continue
                try:
                    score = score_answer(question, value)
                except ValueError as exc:
                    ctx.warn(f"answer {value!r} to {cid}/{qid} ignored: {exc}", file=rel, field=field)
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


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    folder = ctx.evidence_dir / str(ctx.config.get("folder", "answers"))
    if not folder.is_dir():
        return
    root = ctx.evidence_dir.resolve()
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in _SUFFIXES and p.is_file()):
        rel = path.relative_to(ctx.evidence_dir).as_posix()
        if not path.resolve().is_relative_to(root):
            ctx.error("leads outside the evidence folder; ignored", file=rel)
            continue
        read = _read(path, rel, ctx)
        if read is None:
            continue
        data, parsed = read
        if parsed.get("criteria_set") not in (None, ctx.criteria_set.id):
            ctx.warn(
                f"answers are for criteria set {parsed.get('criteria_set')!r}, not {ctx.criteria_set.id!r}; ignored",
                file=rel,
                field="criteria_set",
            )
            continue
        version = parsed.get("criteria_version")
        if version is not None and str(version) != ctx.criteria_set.version:
            ctx.warn(
                f"answers were given to version {version} of the questions; this set is "
                f"{ctx.criteria_set.version}; check that the questions still mean the same",
                file=rel,
                field="criteria_version",
            )
        entries = _entries(parsed, rel, ctx)
        dates = sorted(e["date"] for e in entries if e["date"])
        yield EvidenceItem(
            id=evidence_id(NAME, rel),
            kind="answers",
            title=f"Questionnaire answers: {rel} ({len({e['respondent'] for e in entries})} respondents)",
            provenance=Provenance(
                NAME,
                rel,
                sha256_bytes(data),
                len(data),
                _SUFFIXES[path.suffix.lower()],
                ctx.collected_at,
                dates[0] if dates else None,
                dates[-1] if dates else None,
            ),
            attributes={
                "respondents": len({e["respondent"] for e in entries}),
                "answers": len(entries),
                "roles": sorted({e["role"] for e in entries}),
            },
            payload=entries,
        )
