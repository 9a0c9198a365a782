"""`-o FORMAT:PATH` output specs: parse, render through a report-format plugin, write atomically."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from servex._context import RenderOptions
from servex._plugins import Plugins
from servex._result import write_atomic

__all__ = ["OutputSpec", "parse_outputs", "write_outputs"]

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


def write_outputs(
    outputs: Sequence[OutputSpec],
    result: Mapping[str, Any],
    plugins: Plugins,
    *,
    lang: str,
    pdf_variant: str | None = None,
) -> list[str]:
    """Render every output first, then write them: a failing renderer leaves no half-set of files."""
    formats = plugins.report_formats()
    options = RenderOptions(lang=lang, pdf_variant=pdf_variant)
    rendered = [(path, formats[name].render(result, options)) for name, path in outputs]
    written = []
    for path, data in rendered:
        if path == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            write_atomic(Path(path), data)
            written.append(path)
    return written
