"""A plugin that raises inside a registration hook: the types it would provide are missing."""

from servex import hookimpl


@hookimpl
def servex_evaluators():  # type: ignore[no-untyped-def]
    raise RuntimeError("licence file not found")
