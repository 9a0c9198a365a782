"""`servex schema NAME`: print a shipped JSON Schema, for editors and CI validation."""

from __future__ import annotations

import json

import click

__all__ = ["schema_command"]


@click.command(name="schema")
@click.argument(
    "name",
    type=click.Choice(["criteria", "crosswalk", "envelope", "kpis", "manifest", "plan", "profile", "result"]),
)
def schema_command(name: str) -> None:
    """Print the JSON Schema (Draft 2020-12) of criteria sets, crosswalks, KPI files, manifests, assessors'
    plan files, profiles, results, or the envelope every `--format json` prints."""
    from servex._schemas import schema

    click.echo(json.dumps(schema(name), indent=2, ensure_ascii=False))
