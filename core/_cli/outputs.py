"""`-o FORMAT:PATH` output specs: parse, render through a report-format plugin, write atomically."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from servex._context import RenderOptions
from servex._plugins import Plugins
from servex._result import write_atomic

if TYPE_CHECKING:
    from servex._errors import ServexError

__all__ = ["OutputSpec", "parse_outputs", "refuse_inputs", "write_outputs"]

OutputSpec = tuple[str, str]


def parse_outputs(specs: Sequence[str], plugins: Plugins) -> list[OutputSpec]:
    formats = plugins.report_formats()
    parsed = []
    for spec in specs:
        name, sep, path = spec.partition(":")
        if not sep or not path:
            raise click.UsageError(f"output {spec!r} must be FORMAT:PATH, e.g. json:out/result.json or md:-")
        if name not in formats:
            raise click.UsageError(f"unknown output format {name!r} (available: {', '.join(formats) or 'none'})")
        parsed.append((name, path))
    return parsed


def refuse_inputs(outputs: Sequence[OutputSpec], *, folders: Sequence[Path] = (), files: Sequence[Path] = ()) -> None:
    """Refuse, before anything runs, an output that would land in the evidence folder or on an input.

    The evidence folder is the organisation's record: a report written into it would replace a
    document (`-o md:E/policies/charter.md`) or the manifest, or be read as evidence by the next run.
    Exit 2, like any other output the user must fix.
    """
    from servex._errors import OutputError

    for _name, path in outputs:
        if path == "-":
            continue
        target = Path(os.path.realpath(path))
        for folder in folders:
            if target.is_relative_to(os.path.realpath(folder)):
                raise OutputError(
                    f"output {path!r} is inside the evidence folder {str(folder)!r}; reports go elsewhere "
                    "(the folder is evidence, and a report in it would be read as evidence)"
                )
        for source in files:
            if target == Path(os.path.realpath(source)):
                raise OutputError(f"output {path!r} would overwrite the input {str(source)!r}; choose another path")


def write_outputs(
    outputs: Sequence[OutputSpec],
    result: Mapping[str, Any],
    plugins: Plugins,
    *,
    lang: str,
    pdf_variant: str | None = None,
) -> tuple[list[str], ServexError | None]:
    """Render each output, then write those that rendered, each atomically.

    A renderer that fails (Pango missing, a plugin bug) must not cost the user the other outputs, above
    all the result JSON; its failure is raised once the others are written, so the exit code says so.
    """
    from servex._errors import PluginError, ServexError

    formats = plugins.report_formats()
    options = RenderOptions(lang=lang, pdf_variant=pdf_variant)
    rendered: list[tuple[str, bytes]] = []
    failure: ServexError | None = None
    for name, path in outputs:
        try:
            rendered.append((path, formats[name].render(result, options)))
        except ServexError as exc:
            failure = failure or exc
        except Exception as exc:  # a renderer's bug: name it, no traceback
            failure = failure or PluginError(f"report format {name!r} failed: {type(exc).__name__}: {exc}")
    written = []
    for path, data in rendered:
        if path == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            try:
                write_atomic(Path(path), data)
            except ServexError as exc:  # an unwritable path costs only its own output
                failure = failure or exc
                continue
            written.append(path)
    return written, failure
