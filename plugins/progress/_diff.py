"""`servex diff OLD.json NEW.json`: what changed between two assessments, and why."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

__all__ = ["diff_command"]


@click.command(name="diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="md and html for people; json is the changes object documented in `servex schema result` "
    "($defs.changes).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write here instead of stdout (written whole or not at all).",
)
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), help="Language (default: NEW's).")
def diff_command(old: Path, new: Path, fmt: str, output: Path | None, lang: str | None) -> int:
    """List every criterion and level whose grade changed from OLD to NEW (two result JSON files) and
    explain each change by its cause: an evidence file changed (with both sha256), added or removed;
    an exception added, withdrawn or expired; a parameter, the criterion or the criteria set changed;
    servex or a plugin changed version. When the two results cannot tell why, it says so.
    """
    from servex import InvalidInputError, Problem, compare_results, read_result, write_atomic

    for path in (old, new):
        if not path.is_file():
            raise InvalidInputError([Problem(str(path), None, None, "result file not found")])
    needed = ("criteria_set", "findings", "levels", "evidence", "period", "plugins", "tool", "id", "generated_at")
    before, after = read_result(old, needed=needed), read_result(new, needed=needed)
    if output is not None and output.resolve() in (old.resolve(), new.resolve()):
        raise InvalidInputError([Problem(str(output), None, None, "the output would overwrite an input result")])
    if fmt == "json":
        payload = (json.dumps(compare_results(before, after), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        data = payload.encode("utf-8")
    else:
        from servex.plugins.reports import render_changes

        data = render_changes(before, after, fmt, lang or after.get("lang", "en"))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)
    return 0
