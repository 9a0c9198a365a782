"""`servex criteria list|show|validate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from servex._cli.completion import complete_criteria_ref, complete_set_ref
from servex._cli.state import plugins_of, verbosity_options

if TYPE_CHECKING:
    from servex._criteria.model import CriteriaSet
    from servex._errors import Problem

__all__ = ["criteria_group"]

_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the envelope of `servex schema envelope`, on stdout.",
)


@click.group(name="criteria")
def criteria_group() -> None:
    """List, show and validate criteria sets."""


@criteria_group.command(name="list")
@_FORMAT
@verbosity_options
@click.pass_context
def list_command(ctx: click.Context, fmt: str) -> None:
    """List the criteria sets (and models) the installed plugins provide."""
    from servex._cli.envelope import emit
    from servex._cli.set_index import criteria_sets

    sets = criteria_sets(plugins_of(ctx))
    if fmt == "json":
        emit("criteria list", {"sets": sets})
        return
    for s in sets:
        count = f"{s['criteria']:>4} criteria" if s["criteria"] is not None else f"{'-':>4} (a model)"
        click.echo(f"{s['id']:<22} {s['version']:<8} {s['kind']:<13} {count:<18} {s['title'].get('en', '')}")


@criteria_group.command(name="show")
@click.argument("set_id", metavar="ID", shell_complete=complete_criteria_ref)
@click.option("--lang", type=click.Choice(["en", "fr"]), help="Language (default: $SERVEX_LANG, else the locale's).")
@click.option("--level", metavar="L", help="Only this level, e.g. L2.")
@click.option(
    "--crosswalk",
    metavar="STANDARD",
    help="List the standard's clauses (e.g. iso-10002) with the set's criteria that relate to each, "
    "and the clauses none covers (docs/crosswalks.md).",
)
@_FORMAT
@verbosity_options
@click.pass_context
def show_command(
    ctx: click.Context, set_id: str, lang: str | None, level: str | None, crosswalk: str | None, fmt: str
) -> None:
    """Print a criteria set (ID = set id or file) or one criterion in full (ID = criterion id, e.g. PYR-L1-01).

    A file is relative to the working folder. With --format json the texts are given in every language.
    """
    from servex._cli.checks import looks_like_path, require_file
    from servex._cli.criteria_json import criterion_json, set_json
    from servex._cli.criterion_text import criterion_lines
    from servex._cli.envelope import emit
    from servex._criteria.registry import CriteriaRegistry
    from servex._errors import InvalidInputError, Problem
    from servex._lang import default_lang
    from servex._text import pick

    lang = lang or default_lang()
    registry = CriteriaRegistry(plugins_of(ctx))
    known = {e.id for e in registry.entries()}
    if set_id not in known and looks_like_path(set_id):
        require_file(Path(set_id), "criteria file")
    elif set_id not in known:
        for entry in registry.entries():
            if entry.kind != "criteria-set":
                continue
            cset = registry.load(entry.id)
            found = next((c for c in cset.criteria if c.id == set_id), None)
            if found is not None:
                if fmt == "json":
                    emit("criteria show", criterion_json(cset, found))
                    return
                for line in criterion_lines(cset, found, lang):
                    click.echo(line)
                return
        sets = ", ".join(sorted(known)) or "none"
        raise InvalidInputError(
            [Problem("", None, None, f"no criteria set or criterion {set_id!r} (sets: {sets}; a file needs .yaml)")]
        )
    cset = registry.load(set_id, base_dir=Path.cwd())
    if crosswalk is not None:
        _show_crosswalk(ctx, cset, crosswalk, lang, fmt)
        return
    if fmt == "json":
        emit("criteria show", set_json(cset, level))
        return
    click.echo(f"{pick(cset.title, lang)} ({cset.id} {cset.version})")
    for lv in cset.levels:
        if level and lv.id != level:
            continue
        criteria = [c for c in cset.criteria if c.level == lv.id]
        if not criteria:
            continue
        click.echo(f"\n{lv.id} {pick(lv.name, lang)}")
        for c in criteria:
            flag = (" [éliminatoire]" if lang == "fr" else " [knock-out]") if c.required else ""
            click.echo(f"  {c.id}  {pick(c.title, lang)}{flag}")
            click.echo(f"      {pick(c.statement, lang)}")


@criteria_group.command(name="validate")
@click.argument("targets", nargs=-1, metavar="[ID|FILE]...", shell_complete=complete_set_ref)
@_FORMAT
@verbosity_options
@click.pass_context
def validate_command(ctx: click.Context, targets: tuple[str, ...], fmt: str) -> None:
    """Validate criteria sets (schema and cross-references); all shipped sets and KPI definitions when none is named.

    A FILE is relative to the working folder; a missing one is a usage error (exit 2). A file with a
    top-level `kpis:` key is checked as KPI definitions. Every problem is printed as
    file:line:column: message (at $.path); exit 3 when any is found.
    """
    from servex._cli.checks import looks_like_path, require_file
    from servex._cli.console import info
    from servex._cli.envelope import emit
    from servex._criteria.registry import CriteriaRegistry
    from servex._errors import InvalidInputError

    for name in targets:  # usage errors first, before any work
        if looks_like_path(name):
            require_file(Path(name), "criteria file")
    registry = CriteriaRegistry(plugins_of(ctx))
    names = list(targets) or [e.id for e in registry.entries() if e.kind == "criteria-set"]
    problems: list[Problem] = []
    checked: list[dict[str, object]] = []

    def ok(entry: dict[str, object], text: str) -> None:
        checked.append({**entry, "ok": True})
        if fmt != "json":
            info(f"ok: {text}")

    if not targets:
        try:
            count = len(registry.kpis())
            ok({"target": "kpi-definitions", "kind": "kpis", "kpis": count}, f"KPI definitions ({count} KPIs)")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
            checked.append({"target": "kpi-definitions", "kind": "kpis", "ok": False})
    for name in names:
        try:
            if _is_kpi_file(Path(name)):
                count = registry.check_kpi_file(Path(name))
                ok({"target": name, "kind": "kpis", "kpis": count}, f"{name} ({count} KPIs)")
                continue
            cset = registry.load(name, base_dir=Path.cwd())
            ok(
                {"target": name, "kind": "criteria-set", "id": cset.id, "version": cset.version,
                 "criteria": len(cset.criteria)},
                f"{cset.id} {cset.version} ({len(cset.criteria)} criteria)",
            )
        except InvalidInputError as exc:
            problems.extend(exc.problems)
            checked.append({"target": name, "ok": False})
    if fmt == "json":
        emit("criteria validate", {"checked": checked}, problems)
    if problems:
        raise InvalidInputError(problems)


def _show_crosswalk(ctx: click.Context, cset: CriteriaSet, name: str, lang: str, fmt: str) -> None:
    from servex._cli.crosswalk_view import coverage_lines
    from servex._cli.envelope import emit
    from servex._criteria.crosswalk import coverage, crosswalk_index, load_crosswalk, unknown_crosswalk

    known = crosswalk_index(plugins_of(ctx))
    if name not in known:
        raise unknown_crosswalk(name, known)
    report = coverage(load_crosswalk(known[name]), cset)
    if fmt == "json":
        emit("criteria show", {"coverage": report})
        return
    for line in coverage_lines(report, lang):
        click.echo(line)


def _is_kpi_file(path: Path) -> bool:
    """A KPI file says so by its top-level `kpis:` key; a cheap line scan avoids parsing it twice."""
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as handle:
        return any(line.startswith("kpis:") for line in handle)
