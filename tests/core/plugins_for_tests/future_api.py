"""A plugin written for a servex plugin API that does not exist yet."""

from servex import Collector, hookimpl

servex_api = ">=2"


@hookimpl
def servex_collectors():  # type: ignore[no-untyped-def]
    return [Collector(name="future", kinds=("document",), collect=lambda ctx: [])]
