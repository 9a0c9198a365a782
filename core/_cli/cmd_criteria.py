"""`servex criteria list|show|validate`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from servex._cli.state import echo_err, plugins_of

__all__ = ["criteria_group"]


@click.group(name="criteria")
def criteria_group() -> None:
    """List, show and validate criteria sets."""


@criteria_group.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def list_command(ctx: click.Context, fmt: str) -> None:
    """List the criteria sets (and models) the installed plugins provide."""
    from servex._criteria.registry import CriteriaRegistry

    entries = CriteriaRegistry(plugins_of(ctx)).entries()
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": e.id,
                        "version": e.version,
                        "kind": e.kind,
                        "title": e.title,
                        "criteria": e.criteria_count,
                        "plugin": e.plugin,
                        "file": e.path.name,
                    }
                    for e in entries
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for e in entries:
        title = e.title.get("en", "") if isinstance(e.title, dict) else ""
        click.echo(f"{e.id:<22} {e.version:<8} {e.kind:<13} {e.criteria_count:>4} criteria  {title}")


@criteria_group.command(name="show")
@click.argument("set_id", metavar="ID")
@click.option("--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--level", metavar="L", help="Only this level, e.g. L2.")
@click.pass_context
def show_command(ctx: click.Context, set_id: str, lang: str, level: str | None) -> None:
    """Print a criteria set (ID = set id or file) or one criterion in full (ID = criterion id, e.g. PYR-L1-01)."""
    from servex._cli.criterion_text import criterion_lines
    from servex._criteria.registry import CriteriaRegistry
    from servex._errors import InvalidInputError, Problem
    from servex._text import pick

    registry = CriteriaRegistry(plugins_of(ctx))
    known = {e.id for e in registry.entries()}
    if set_id not in known and not Path(set_id).suffix:
        for entry in registry.entries():
            if entry.kind != "criteria-set":
                continue
            found = next((c for c in registry.load(entry.id).criteria if c.id == set_id), None)
            if found is not None:
                for line in criterion_lines(registry.load(entry.id), found, lang):
                    click.echo(line)
                return
        raise InvalidInputError([Problem("", None, None, f"no criteria set or criterion {set_id!r}")])
    cset = registry.load(set_id, base_dir=Path.cwd())
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
@click.argument("targets", nargs=-1, metavar="[ID|FILE]...")
@click.pass_context
def validate_command(ctx: click.Context, targets: tuple[str, ...]) -> None:
    """Validate criteria sets (schema and cross-references); all shipped sets and KPI definitions when none is named.

    A file with a top-level `kpis:` key is checked as KPI definitions. Every problem is printed as
    file:line:column: message (at $.path); exit 3 when any is found.
    """
    from servex._criteria.registry import CriteriaRegistry
    from servex._errors import InvalidInputError

    registry = CriteriaRegistry(plugins_of(ctx))
    names = list(targets) or [e.id for e in registry.entries() if e.kind == "criteria-set"]
    problems = []
    if not targets:
        try:
            echo_err(f"ok: KPI definitions ({len(registry.kpis())} KPIs)")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    for name in names:
        try:
            if _is_kpi_file(Path(name)):
                echo_err(f"ok: {name} ({registry.check_kpi_file(Path(name))} KPIs)")
                continue
            cset = registry.load(name, base_dir=Path.cwd())
            echo_err(f"ok: {cset.id} {cset.version} ({len(cset.criteria)} criteria)")
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInputError(problems)


def _is_kpi_file(path: Path) -> bool:
    """A KPI file says so by its top-level `kpis:` key; a cheap line scan avoids parsing it twice."""
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as handle:
        return any(line.startswith("kpis:") for line in handle)
