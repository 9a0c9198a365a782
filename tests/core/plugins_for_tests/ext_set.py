"""A test plugin shipping a set that only removes two criteria from the shipped pyramid."""

from pathlib import Path

from servex import hookimpl


@hookimpl
def servex_criteria_sets():  # type: ignore[no-untyped-def]
    return [Path(__file__).parent / "ext" / "acme-lean.yaml"]
