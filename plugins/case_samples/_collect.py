"""The `case_samples` collector: completed worksheets under `cases/`, and declared case lists.

For every `case_sample` requirement of the criteria set being assessed it reads
`cases/<criterion>-<requirement>.csv` (or `.xlsx`). Each traced row (followed = yes, no or n.a.) becomes
one `case_trace` item whose provenance names the file, its sha256 and the row, so a finding can cite
the very line an assessor wrote. A bad row is one located error and the other rows still count. Whether
a row's case was actually drawn is judged by the evaluator, which sees the dataset it was drawn from.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from servex import CollectContext, EvidenceItem, Provenance, evidence_id, sha256_bytes
from servex.plugins._period_window import far_from_period
from servex.plugins.case_samples._params import WORKSHEET_DIR, case_requirements, worksheet_stem

__all__ = ["NAME", "TRACE_KIND", "collect"]

NAME = "case_samples"
TRACE_KIND = "case_trace"
_MEDIA = {
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _inside(ctx: CollectContext, rel: str) -> Path | None:
    """The file, when it exists and does not lead outside the evidence folder (refused with an error)."""
    path = ctx.evidence_dir / rel
    if not path.exists():
        return None
    root = ctx.evidence_dir.resolve()
    if not path.resolve().is_relative_to(root) or not path.is_file():
        ctx.error("not a file inside the evidence folder (a link or folder); refused", file=rel)
        return None
    return path


def _case_list(ctx: CollectContext, rel: str) -> EvidenceItem | None:
    from servex.plugins.case_samples._sample import LIST_KIND  # only a folder with case samples pays for it

    path = _inside(ctx, rel)
    if path is None:
        if not (ctx.evidence_dir / rel).exists():
            ctx.error("case list named by a case_sample requirement not found", file=rel)
        return None
    import csv
    import io

    data = path.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    if path.suffix.lower() == ".txt":
        ids = [line.strip() for line in text.splitlines() if line.strip()]
    else:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in text.split("\n", 1)[0] else ","))
        header = [h.strip().lower().replace(" ", "_") for h in rows[0]] if rows else []
        column = next((header.index(n) for n in ("case_id", "id") if n in header), None)
        if column is None:
            ctx.error("a case list needs a `case_id` or `id` column", file=rel, line=1)
            return None
        ids = [r[column].strip() for r in rows[1:] if len(r) > column and r[column].strip()]
    return EvidenceItem(
        id=evidence_id(NAME, rel, "case-list"),
        kind=LIST_KIND,
        title=f"Case list {rel}",
        provenance=Provenance(NAME, rel, sha256_bytes(data), len(data), _MEDIA[path.suffix.lower()], ctx.collected_at),
        attributes={"cases": len(set(ids))},
        payload=tuple(sorted(set(ids))),
    )


def _traces(ctx: CollectContext, criterion: str, requirement: str, rel: str, path: Path) -> Iterator[EvidenceItem]:
    from servex.plugins.case_samples._worksheet import WorksheetError, read_worksheet

    try:
        rows, problems = read_worksheet(path)
    except WorksheetError as exc:
        ctx.error(f"case worksheet unusable: {exc}", file=rel)
        return
    for problem in problems:
        ctx.error(problem.message, file=rel, line=problem.line, field=problem.field)
    data = path.read_bytes()
    digest = sha256_bytes(data)
    seen: dict[str, int] = {}
    for row in rows:
        if row.followed is None:
            continue  # drawn but not traced yet: the evaluator counts it as untraced
        if row.case_id in seen:
            ctx.error(
                f"case {row.case_id} is already traced on row {seen[row.case_id]}; this row is ignored",
                file=rel,
                line=row.line,
                field="case_id",
            )
            continue
        far = far_from_period(date.fromisoformat(row.date), ctx.period) if row.date else None
        if far is not None:
            what = "it describes another time" if far[1] else "the date cannot be right"
            ctx.warn(f"case {row.case_id} traced on {row.date}, {far[0]}: {what}; row ignored",
                     file=rel, line=row.line, field="date")  # fmt: skip
            continue
        seen[row.case_id] = row.line
        yield EvidenceItem(
            id=evidence_id(NAME, rel, f"{criterion}/{requirement}/{row.case_id}"),
            kind=TRACE_KIND,
            title=f"Case {row.case_id} traced for {criterion} ({requirement})",
            provenance=Provenance(
                NAME,
                rel,
                digest,
                len(data),
                _MEDIA[path.suffix.lower()],
                ctx.collected_at,
                row.date,
                row.date,
                row.locator,
            ),
            supports=(criterion,),
            attributes={
                "criterion": criterion,
                "requirement": requirement,
                "case_id": row.case_id,
                "followed": row.followed,
                "note": row.note,
                "assessor": row.assessor or None,
                "date": row.date,
                "row": row.line,
            },
        )


def collect(ctx: CollectContext) -> Iterator[EvidenceItem]:
    expected: set[str] = set()
    lists: set[str] = set()
    for criterion, requirement in case_requirements(ctx.criteria_set):
        cases_file = requirement.params.get("cases_file")
        if cases_file and cases_file not in lists:
            lists.add(cases_file)
            item = _case_list(ctx, cases_file)
            if item is not None:
                yield item
        stem = worksheet_stem(criterion.id, requirement.id)
        found = [(f"{stem}{suffix}", p) for suffix in (".csv", ".xlsx") if (p := _inside(ctx, f"{stem}{suffix}"))]
        expected.update({f"{stem}.csv", f"{stem}.xlsx"})
        if len(found) > 1:
            ctx.warn(f"{found[0][0]} is read; a worksheet cannot be given twice", file=found[1][0])
        if found:
            yield from _traces(ctx, criterion.id, requirement.id, *found[0])
    folder = ctx.evidence_dir / WORKSHEET_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            rel = f"{WORKSHEET_DIR}/{path.name}"
            if path.suffix.lower() in (".csv", ".xlsx") and rel not in expected and rel not in lists:
                ctx.warn(
                    f"matches no case_sample requirement of {ctx.criteria_set.id} "
                    "(name a worksheet cases/<criterion>-<requirement>.csv)",
                    file=rel,
                )
