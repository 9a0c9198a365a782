"""A plugin whose collector kills its own process when the evidence folder holds a file named KILL, as
the kernel's out-of-memory killer would: the test's way to lose a worker in the middle of a site."""

import os

from servex import Collector, hookimpl


def _collect(ctx):  # type: ignore[no-untyped-def]
    if (ctx.evidence_dir / "KILL").exists():
        os._exit(137)
    return iter(())


@hookimpl
def servex_collectors():  # type: ignore[no-untyped-def]
    return [Collector(name="worker_killer", kinds=("observation",), collect=_collect, auto=True)]
