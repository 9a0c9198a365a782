"""`servex cases draw`: draw the cases an assessor traces and write the worksheet to fill.

The command collects the evidence folder's data through `servex.collect_evidence` (the same collectors,
mappings and plugin options as `servex assess`) and draws with the same function the evaluator uses, so
the worksheet lists exactly the cases the assessment will accept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from servex import CriteriaSet, Requirement

__all__ = ["cases_group"]


def _requirement(cset: CriteriaSet, criterion_id: str, requirement_id: str | None) -> Requirement:
    """The criterion's case_sample requirement; anything ambiguous or unknown is exit 3 with one line."""
    from servex import InvalidInputError
    from servex.plugins.case_samples._params import TYPE

    try:
        criterion = cset.criterion(criterion_id)
    except KeyError:
        raise InvalidInputError(f"{cset.id} has no criterion {criterion_id!r}") from None
    found = [r for r in criterion.evidence if r.type == TYPE]
    if requirement_id is not None:
        found = [r for r in found if r.id == requirement_id]
        if not found:
            raise InvalidInputError(f"{criterion_id} has no case_sample requirement {requirement_id!r}")
    if not found:
        raise InvalidInputError(f"{criterion_id} ({cset.id}) has no case_sample requirement")
    if len(found) > 1:
        ids = ", ".join(r.id for r in found)
        raise InvalidInputError(
            f"{criterion_id} has several case_sample requirements ({ids}); choose one with --requirement"
        )
    return found[0]


@click.group(name="cases")
def cases_group() -> None:
    """Draw case-file samples for assessors to trace (case_sample requirements)."""


@cases_group.command(name="draw", short_help="Draw a reproducible case sample and write the worksheet to trace it.")
@click.argument("evidence_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--criterion", "criterion_id", required=True, metavar="ID", help="Criterion with a case_sample requirement."
)
@click.option("--requirement", "requirement_id", metavar="ID", help="Its requirement id, when it has several.")
@click.option("--criteria", metavar="ID|PATH", help="Criteria set (default: the manifest's, else servex-pyramid).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Worksheet to write: .csv or .xlsx, '-' for CSV on stdout "
    "(default: EVIDENCE_DIR/cases/<criterion>-<requirement>.csv).",
)
@click.option(
    "--lang", type=click.Choice(["en", "fr"]), help="Language of the practice text (default: manifest, else en)."
)
@click.option("--force", is_flag=True, help="Replace an existing worksheet (it may already hold traced cases).")
@click.option("--offline", is_flag=True, help="Use only cached API responses; never touch the network.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache for converted exports (default: $SERVEX_CACHE_DIR or ~/.cache/servex).",
)
@click.pass_context
def draw_command(
    ctx: click.Context,
    evidence_dir: Path,
    criterion_id: str,
    requirement_id: str | None,
    criteria: str | None,
    output: Path | None,
    lang: str | None,
    force: bool,
    offline: bool,
    cache_dir: Path | None,
) -> None:
    """Draw the cases to trace for a case_sample requirement and write the worksheet.

    The same seed over the same data always draws the same cases: the case ids within the assessment
    period are sorted, then random.Random(seed).sample picks the sample size. Fill `followed` (yes, no,
    n.a.), `note`, `assessor` and `date` for each case and leave the file in EVIDENCE_DIR/cases/ under
    the default name: `servex assess` grades on the share of traced cases that followed the practice and
    refuses rows for cases that were not drawn.
    """
    from datetime import datetime

    from servex import InvalidInputError, collect_evidence, pick, write_atomic
    from servex.plugins.case_samples._params import worksheet_stem
    from servex.plugins.case_samples._sample import LIST_KIND, draw_sample
    from servex.plugins.case_samples._worksheet import to_csv, to_xlsx

    if output is not None and str(output) != "-" and output.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError(f"cannot tell the format from {output.name!r}; name a .csv or .xlsx file")
    if criteria and Path(criteria).suffix.lower() in (".yaml", ".yml"):  # a path: from the working folder,
        if not Path(criteria).is_file():  # as for every servex command (docs/cli.md)
            raise click.UsageError(f"criteria file not found: {criteria} (looked in {Path.cwd()})")
        criteria = str(Path(criteria).resolve())
    found = collect_evidence(
        evidence_dir, ctx, kinds=("dataset", LIST_KIND), criteria=criteria, cache_dir=cache_dir, offline=offline
    )
    requirement = _requirement(found.criteria_set, criterion_id, requirement_id)
    for entry in found.log:
        click.echo(f"{entry.level}: {entry}", err=True)
    sample = draw_sample(requirement.params, found.items, found.period)
    params = requirement.params
    if sample is None:
        what = f"no {params['dataset']} export" if params.get("dataset") else f"no case list {params['cases_file']}"
        raise InvalidInputError(f"{evidence_dir}: cannot draw the sample for {criterion_id}: {what} in the evidence")
    if sample.without_ids:
        raise InvalidInputError(f"{evidence_dir}: {sample.describe_sources()} has no id column; no case can be drawn")
    if not sample.population:
        period = f"{found.period.start} to {found.period.end}"
        raise InvalidInputError(f"{evidence_dir}: no case of {sample.describe_sources()} falls within {period}")
    lang = lang or str(found.manifest.get("lang") or "en")
    practice = pick(params["practice"], lang)
    assessor = str((found.manifest.get("assessor") or {}).get("name") or "")
    rows = [[case, practice, "", "", assessor, ""] for case in sample.ids]
    if output is None:
        output = evidence_dir / f"{worksheet_stem(criterion_id, requirement.id)}.csv"
    if str(output) == "-":
        click.echo(to_csv(rows).decode("utf-8"), nl=False)
    else:
        if output.exists() and not force:
            raise click.UsageError(f"{output} exists and may hold traced cases; use --force to replace it")
        if output.suffix.lower() == ".xlsx":
            about = [
                ("criteria set", f"{found.criteria_set.id} {found.criteria_set.version}"),
                ("criterion", criterion_id),
                ("requirement", requirement.id),
                ("seed", str(sample.seed)),
                ("sample size", str(sample.size)),
                ("population", str(sample.population)),
                ("period", f"{found.period.start} to {found.period.end}"),
                *(("drawn from", f"{i.provenance.source} sha256 {i.provenance.sha256}") for i in sample.sources),
                ("save as", f"{worksheet_stem(criterion_id, requirement.id)}.xlsx or .csv in the evidence folder"),
            ]
            stamp = datetime.fromisoformat(sample.sources[0].provenance.collected_at.replace("Z", "+00:00"))
            data = to_xlsx(rows, about, stamp)  # the run clock: SOURCE_DATE_EPOCH gives the same bytes
        else:
            data = to_csv(rows)
        write_atomic(output, data)
    click.echo(f"drew {sample.describe()}", err=True)
    if str(output) != "-":
        click.echo(f"wrote {output}", err=True)
