"""Built-in plugin: the `json` report format, which is the result itself.

The result JSON is the source of truth; writing it through the report-format hook means `-o json:PATH`
behaves like every other format (atomic write, same option) and `servex report` can copy it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servex import RenderOptions, ReportFormat, hookimpl

__all__ = ["servex_report_formats"]


def _render(result: Mapping[str, Any], options: RenderOptions) -> bytes:
    from servex import dumps_result

    return dumps_result(result).encode("utf-8")


@hookimpl
def servex_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="json",
            suffix=".json",
            media_type="application/json",
            render=_render,
            description="The result JSON (source of truth; `servex schema result`).",
        )
    ]
