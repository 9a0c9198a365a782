"""Dynamic shell completion (click's, for bash, zsh and fish): criteria-set ids, criterion ids and
output formats, read from the installed plugins at the moment the user presses Tab.

docs/cli.md says how to turn completion on. These functions run inside the completion request, so they
never print and never raise: a broken plugin or criteria file simply completes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click
from click.shell_completion import CompletionItem

__all__ = ["complete_criteria_ref", "complete_output", "complete_set_ref"]


def _registry(ctx: click.Context) -> Any:
    from servex._cli.state import plugins_of
    from servex._criteria.registry import CriteriaRegistry

    return CriteriaRegistry(plugins_of(ctx))


def _text(value: Any) -> str:
    return str(value.get("en", "")) if isinstance(value, Mapping) else ""


def _sets(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    from servex._cli.set_index import criteria_sets
    from servex._cli.state import plugins_of

    return [
        CompletionItem(s["id"], help=_text(s["title"]))
        for s in criteria_sets(plugins_of(ctx))
        if s["kind"] == "criteria-set" and s["id"].startswith(incomplete)
    ]


def complete_set_ref(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Criteria-set ids; a path-looking word completes as a file instead."""
    if "/" in incomplete or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    try:
        return _sets(ctx, incomplete)
    except Exception:
        return []


def complete_criteria_ref(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Criteria-set ids and criterion ids (e.g. PYR-L1-01), with their English titles as help."""
    if "/" in incomplete or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    try:
        registry = _registry(ctx)
        found = _sets(ctx, incomplete)
        for entry in registry.entries():
            if entry.kind != "criteria-set":
                continue
            data = registry.model_data(entry.id) or {}
            for criterion in data.get("criteria") or []:
                cid = criterion.get("id") if isinstance(criterion, Mapping) else None
                if isinstance(cid, str) and cid.upper().startswith(incomplete.upper()):
                    found.append(CompletionItem(cid, help=_text(criterion.get("title"))))
        return found
    except Exception:
        return []


def complete_output(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`-o FORMAT:PATH`: the report formats the plugins provide, as `FORMAT:`."""
    if ":" in incomplete:
        return []
    try:
        from servex._cli.state import plugins_of

        formats = plugins_of(ctx).report_formats()
    except Exception:
        return []
    return [
        CompletionItem(f"{name}:", help=getattr(fmt, "description", "") or "")
        for name, fmt in formats.items()
        if name.startswith(incomplete)
    ]
