"""A test plugin shipping two sets that extend each other: loading either is a located exit-3 error."""

from pathlib import Path

from servex import hookimpl


@hookimpl
def servex_criteria_sets():  # type: ignore[no-untyped-def]
    return sorted((Path(__file__).parent / "cycle").glob("*.yaml"))
