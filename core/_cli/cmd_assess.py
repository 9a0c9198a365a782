"""`servex assess EVIDENCE_DIR`."""

from __future__ import annotations

import time
from pathlib import Path

import click
from servex._cli.completion import complete_output, complete_set_ref
from servex._cli.state import echo_err, plugins_of, verbosity_options

_WARNINGS_SHOWN = 20  #: warnings printed before the rest are only counted (see assess_command)

__all__ = ["assess_command"]


@click.command(name="assess")
@click.argument("evidence_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    shell_complete=complete_output,
    metavar="FORMAT:PATH",
    help="Write a report (repeatable): json, html, pdf, md... PATH '-' means stdout; its folder must exist.",
)
@click.option(
    "--criteria",
    multiple=True,
    metavar="ID|PATH",
    shell_complete=complete_set_ref,
    help="Criteria set: an id, or a YAML file relative to the working folder; repeat to grade several sets "
    "sharing one model (default: the manifest's, "
    "else servex-pyramid).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fr", "de"]),
    help="Language of reports and summary (default: the manifest's, else $SERVEX_LANG, else the locale's).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["not_met", "partially_met", "error", "never"]),
    default="not_met",
    show_default=True,
    help="Exit 1 when a criterion has this status or worse.",
)
@click.option("--offline", is_flag=True, help="Use only cached API responses; never touch the network.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Cache for extracted text and API responses (default: $SERVEX_CACHE_DIR or ~/.cache/servex).",
)
@click.option("--pdf-variant", metavar="VARIANT", help="PDF variant for pdf outputs, e.g. pdf/a-3u.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OLD.json",
    help="An earlier result: every report gains a 'since the last assessment' section (changes and their "
    "causes, as `servex diff` finds them), and the result carries it as since_baseline.",
)
@click.option(
    "--plan",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PLAN.yaml",
    help="Assessor's plan: owner, due date, effort and priority per criterion for the action plan "
    "(default: the manifest's plan:). See docs/reports.md.",
)
@click.option(
    "--profile",
    metavar="ID",
    help="Sector or size profile (e.g. small-organisation) whose targets and minimum samples apply, each "
    "change with its reason (default: the manifest's `profile:`; docs/profiles.md).",
)
@verbosity_options
@click.pass_context
def assess_command(
    ctx: click.Context,
    evidence_dir: Path,
    outputs: tuple[str, ...],
    criteria: tuple[str, ...],
    lang: str | None,
    fail_on: str,
    offline: bool,
    cache_dir: Path | None,
    pdf_variant: str | None,
    baseline: Path | None,
    plan: Path | None,
    profile: str | None,
) -> int:
    """Assess the evidence in EVIDENCE_DIR (with its servex.yaml manifest) and grade every criterion.

    Without -o nothing is written; the level summary goes to stderr. On a terminal a progress display
    shows each phase with counts, rate and time left (not with -q, never in a pipe).
    """
    from servex._assess import assess
    from servex._cli.checks import check_outputs, criteria_ref, require_dir, require_file
    from servex._cli.console import color_enabled, detail, info, progress_display, progress_wanted, verbosity
    from servex._cli.outputs import parse_outputs, refuse_inputs, write_outputs
    from servex._cli.summary import summary_lines
    from servex._errors import printable

    require_dir(evidence_dir, "evidence folder")
    refs = [ref for ref in (criteria_ref(c) for c in criteria) if ref]
    plugins = plugins_of(ctx)
    specs = parse_outputs(outputs, plugins)
    given = [Path(ref) for ref in refs if Path(ref).suffix] + ([plan] if plan else [])
    refuse_inputs(specs, folders=[evidence_dir], files=[*given, *([baseline] if baseline else [])])
    check_outputs(specs)
    earlier = None
    if baseline is not None:
        from servex._result_file import COMPARED, read_result

        require_file(baseline, "baseline result")
        earlier = read_result(baseline, needed=COMPARED)  # before the run: a wrong baseline costs no collection
    started = time.perf_counter()
    with progress_display(progress_wanted()) as progress:
        run = assess(
            evidence_dir,
            plugins,
            criteria=refs or None,
            lang=lang,
            fail_on=fail_on,
            offline=offline,
            cache_dir=cache_dir,
            profile=profile,
            progress=progress,
            plan=plan,
        )
    result = run.result
    if earlier is not None:
        from servex._changes import compare_results

        result["since_baseline"] = compare_results(earlier, result)
    names = [" ".join(filter(None, (p["name"], p["version"]))) for p in result["plugins"]]
    detail(f"plugins: {', '.join(names)}")
    detail(f"criteria: {result['criteria_set']['id']} {result['criteria_set']['version']}")
    if result.get("profile"):
        used = result["profile"]
        loosened = sum(1 for a in used["adjustments"] if a["change"] == "loosened")
        changed = len(used["adjustments"])
        info(f"profile: {used['id']} {used['version']} ({changed} value(s) changed, {loosened} loosened)")
    for source in result["sources"]:
        detail(f"source {source['name']} ({source['collector']}): {source['status']}, {source['items']} item(s)")
    detail(f"assessed in {time.perf_counter() - started:.1f} s")
    # errors and warnings show even under -q (as its help says): a warning is what changed a figure or
    # left a file out ("30 rows repeat an earlier row", "not used as evidence"); past a screenful, -v
    # prints the rest and the result's log keeps them all
    shown = hidden = 0
    for entry in result["log"]:
        where = printable(entry["file"]) + (f":{entry['line']}" if entry["line"] else "")
        line = printable(f"{entry['level']}: {entry['source']}: {where + ': ' if where else ''}{entry['message']}")
        if entry["level"] == "error" or verbosity() > 0 or shown < _WARNINGS_SHOWN:
            echo_err(line)
            shown += entry["level"] != "error"
        else:
            hidden += 1
    if hidden:
        echo_err(f"… and {hidden} more warning(s): -v prints them all, and the result's log keeps them")
    if verbosity() >= 0:  # under -q nothing is printed: rendering it (a catalogue, Babel) would be wasted
        for line in summary_lines(result, result["lang"], color=color_enabled(), plugins=plugins):
            info(line)
    # the summary first: a person reads it while the PDF renders
    written, failure = write_outputs(specs, result, plugins, lang=result["lang"], pdf_variant=pdf_variant)
    for path in written:
        info(f"wrote {path}")
    if failure is not None:
        raise failure
    return int(run.exit_code)
