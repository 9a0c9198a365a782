"""Start-up without the cyclic garbage collector, then everything built so far frozen out of its way.

Why: a command's start-up (imports, plugins, the parsed criteria set) allocates tens of thousands of
long-lived containers and no garbage cycles, yet the collector walked them again and again: a tenth of
an `assess` on a small folder. The collector is paused from `main()` until the command starts its real
work (`resume`), when what start-up built is moved to the permanent generation (`gc.freeze`) and
collection resumes as usual, so a long run still reclaims its cycles.
"""

from __future__ import annotations

import gc

__all__ = ["pause", "resume"]

_paused = False


def pause() -> None:
    """Stop automatic collection, if it is on (an embedding program may have turned it off itself)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what exists and collect as usual from now on; a no-op unless `pause` stopped collection."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
