"""A report format whose renderer has a bug."""

from servex import ReportFormat, hookimpl


def _render(result, options):  # type: ignore[no-untyped-def]
    raise KeyError("levels")


@hookimpl
def servex_report_formats():  # type: ignore[no-untyped-def]
    return [ReportFormat(name="broken", suffix=".txt", media_type="text/plain", render=_render)]
