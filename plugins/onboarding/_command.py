"""`servex init`: look at a folder of evidence and write a first `servex.yaml` that validates.

It reads the folder as `servex assess` would (the same export recognition and document matching), shows
what it found, asks on a terminal what it cannot know (name, time zone, period, which exports to
declare), and writes the manifest only once the result validates against the manifest schema, the
criteria set and the installed collectors, so the first `servex assess` after it never fails on it.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

__all__ = ["init_command"]

_DATASETS = ("tickets", "complaints", "survey", "calls", "calls_monthly", "employee_survey")


def propose_period(last_record: str, today: date) -> tuple[str, str]:
    """Twelve whole months ending with the month of the last record, unless that month has not ended
    yet (by the clock), in which case with the month before; with no dated data, the twelve months
    before the current one."""
    try:
        last = date.fromisoformat(last_record[:10]) if last_record else None
    except ValueError:
        last = None
    this_month = today.replace(day=1)
    anchor = last if last is not None and last < this_month else today
    end = (anchor.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if last is None or last >= this_month:
        end = this_month - timedelta(days=1)
    start = date(end.year - 1, end.month, 1) + timedelta(days=32)
    return start.replace(day=1).isoformat(), end.isoformat()


def _valid_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"{value!r} is not an IANA time zone (e.g. Europe/Paris, America/New_York)") from None
    return value


def _valid_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _show(reading: Any, exports: list[Any]) -> None:
    echo = click.echo
    echo("Data exports:")
    for g in exports:
        if g.dataset is None or g.problem:
            echo(f"  {g.path}: {g.problem or 'dataset not recognised'}")
            continue
        layout = f", {g.layout} layout" if g.layout else ""
        echo(f"  {g.path}: {g.dataset}{layout}; {len(g.mapping) + len(g.derived)} fields mapped")
        if g.unmapped:
            echo(f"      columns not mapped: {', '.join(g.unmapped)}")
    if not exports:
        echo("  none")
    echo("Documents and the criteria they may bear on:")
    for doc in reading.documents:
        bears = ", ".join(sorted({c for c, _, _ in doc.criteria})) or "none found"
        echo(f"  {doc.path}: {bears}")
    if not reading.documents:
        echo("  none")


def _ask(answers: Any, exports: list[Any], root: Path) -> None:
    """Questions on a terminal; each default is what --yes would take."""
    from servex.plugins.onboarding._exports import guess_export

    answers.name = click.prompt("Organisation name", default=answers.name)
    answers.sector = click.prompt("Sector (e.g. telecommunications, water utility)", default="", show_default=False)
    answers.language = click.prompt("Language of reports", default=answers.language, type=click.Choice(["en", "fr"]))
    answers.timezone = click.prompt("Time zone of the organisation", default=answers.timezone, value_proc=_valid_zone)
    answers.start = click.prompt("First day of the assessment period", default=answers.start, value_proc=_valid_date)
    answers.end = click.prompt("Last day of the assessment period", default=answers.end, value_proc=_valid_date)
    answers.exports, answers.skipped = [], []
    for guess in exports:
        if guess.dataset is None and not guess.problem:
            choice = click.prompt(
                f"What does {guess.path} hold?", default="skip", type=click.Choice([*_DATASETS, "skip"])
            )
            if choice != "skip":
                guess = guess_export(root, guess.path, choice)
                if guess.problem:
                    click.echo(f"  {guess.path}: {guess.problem}; left out")
        usable = bool(guess.dataset) and not guess.problem
        if usable and click.confirm(f"Declare {guess.path} as {guess.dataset}?", default=True):
            answers.exports.append(guess)
        else:
            answers.skipped.append(guess)


def _write_checked(text: str, target: Path, root: Path, plugins: Any, ctx: click.Context) -> None:
    """Put the manifest in place and validate it as `servex assess` will read it (schema, criteria set,
    collectors); if it does not validate, the folder is left as it was."""
    from servex import ServexError, load_criteria_set, write_atomic
    from servex._manifest import load_manifest

    backup = target.read_bytes() if target.is_file() else None
    write_atomic(target, text.encode("utf-8"))
    try:
        manifest = load_manifest(root)
        ref = manifest.data.get("criteria") or "servex-pyramid"
        for one in ref if isinstance(ref, list) else [str(ref)]:
            cset = load_criteria_set(one, ctx, root)
            manifest.check_against(cset, plugins.collectors(), sorted({f.name for f in plugins.failures}))
    except ServexError:  # invalid (exit 3) or a collector no plugin provides (exit 4): leave no manifest behind
        if backup is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, backup)
        raise


@click.command(name="init", short_help="Write a first servex.yaml for an evidence folder.")
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Ask nothing: take every proposal (for scripts).")
@click.option("--force", is_flag=True, help="Replace an existing servex.yaml.")
@click.option("--criteria", default="servex-pyramid", show_default=True, metavar="ID", help="Criteria set to grade.")
@click.option("--name", help="Organisation name (default: the folder's name).")
@click.option("--timezone", "zone", default="UTC", show_default=True, help="The organisation's IANA time zone.")
@click.option("--dry-run", is_flag=True, help="Print the manifest instead of writing it.")
@click.pass_context
def init_command(
    ctx: click.Context,
    folder: Path,
    assume_yes: bool,
    force: bool,
    criteria: str,
    name: str | None,
    zone: str,
    dry_run: bool,
) -> None:
    """Look at FOLDER (default: the working folder) and write FOLDER/servex.yaml.

    Data exports are recognised as `servex assess` recognises them (vendor layouts, canonical column
    names), with the column mapping inferred for each and the columns it could not map; documents are
    matched against the criteria set and listed with the criteria each may bear on. On a terminal it
    asks for the organisation's name, time zone, assessment period and which exports to declare; with
    --yes, or when input is not a terminal, it takes the proposals. The manifest is written only when
    it validates; an existing one is kept unless --force is given.
    """
    from servex._cli.checks import require_dir
    from servex._cli.state import plugins_of
    from servex._clock import now
    from servex._manifest import MANIFEST_NAME
    from servex.plugins.onboarding._bearing import read_folder
    from servex.plugins.onboarding._exports import scan_exports
    from servex.plugins.onboarding._render import Answers, render_manifest

    require_dir(folder, "evidence folder")
    _valid_zone(zone)
    target = folder / MANIFEST_NAME
    if (target.exists() or target.is_symlink()) and not (force or dry_run):
        raise click.UsageError(f"{target} already exists; use --force to replace it (or --dry-run to compare)")
    root = folder.resolve()
    plugins = plugins_of(ctx)
    exports = scan_exports(root)
    if force and target.exists():
        # the existing manifest must not steer the reading of the folder it is about to replace
        reading = _read_without(target, root, plugins, criteria)
    else:
        reading = read_folder(root, plugins, [criteria])
    start, end = propose_period(reading.last_record, now().date())
    language = max(("en", "fr"), key=lambda lang: reading.languages.get(lang, 0))
    answers = Answers(name or root.name, language=language, timezone=zone, start=start, end=end, criteria=[criteria])
    answers.documents = reading.documents
    answers.exports = [g for g in exports if g.dataset and not g.problem]
    answers.skipped = [g for g in exports if not (g.dataset and not g.problem)]
    interactive = not assume_yes and sys.stdin.isatty()
    out = click.echo if not dry_run else (lambda message="": click.echo(message, err=True))
    if reading.problem:
        out(f"note: documents were not matched: {reading.problem}")
    if interactive:
        _show(reading, exports)
        _ask(answers, exports, root)
    text = render_manifest(answers, root.name)
    if dry_run:
        click.echo(text, nl=False)
        return
    _write_checked(text, target, root, plugins, ctx)
    declared = ", ".join(f"{g.path} ({g.dataset})" for g in answers.exports) or "no data export"
    out(f"wrote {target}: {len(answers.documents)} documents, {declared}")
    if answers.skipped:
        out(f"not declared: {', '.join(g.path for g in answers.skipped)} (see the comments in {MANIFEST_NAME})")
    out(f"next: check the lines marked with comments, then run `servex assess {folder}`")


def _read_without(target: Path, root: Path, plugins: Any, criteria: str) -> Any:
    """Read the folder as if it had no manifest: the old one is set aside and always put back."""
    from servex.plugins.onboarding._bearing import read_folder

    aside = root / f".servex.yaml.aside-{os.getpid()}"
    os.replace(target, aside)
    try:
        return read_folder(root, plugins, [criteria])
    finally:
        os.replace(aside, target)
