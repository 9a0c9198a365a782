"""A plugin whose collector always fails, as a real one does when its API is down."""

from servex import Collector, hookimpl


def _collect(ctx):  # type: ignore[no-untyped-def]
    raise ConnectionError("helpdesk unreachable")


@hookimpl
def servex_collectors():  # type: ignore[no-untyped-def]
    return [Collector(name="flaky", kinds=("observation",), collect=_collect)]
