"""A plugin whose author wrote `servex_collector` (no s): it must not load as a plugin with nothing."""

from servex import Collector, hookimpl


@hookimpl
def servex_collector():  # type: ignore[no-untyped-def]
    return [Collector(name="typo", kinds=("note",), collect=lambda ctx: [])]
