"""Start-up without the cyclic garbage collector, then what start-up built frozen out of its way.

Why: a command's start-up (imports, plugins, the parsed criteria set) allocates tens of thousands of
long-lived containers and no garbage cycles, yet the collector walked them again and again: a tenth of
an `assess` on a small folder. The collector is paused from `main()` until the command starts its real
work (`resume`), when what start-up built is moved to the permanent generation (`gc.freeze`) and
collection resumes as usual, so a long run still reclaims its cycles. Only the first start-up of a
process is frozen: a program (or a test session) that calls `main()` many times must not freeze the
garbage of its earlier calls, which would then never be reclaimed. `main()` always leaves collection on.
"""

from __future__ import annotations

import gc

__all__ = ["pause", "resume"]

_paused = False
_frozen = False


def pause() -> None:
    """Stop automatic collection, if it is on (an embedding program may have turned it off itself)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect as usual from now on (freezing what exists, the first time); a no-op unless `pause` stopped
    collection."""
    global _paused, _frozen
    if _paused:
        _paused = False
        if not _frozen:
            _frozen = True
            gc.freeze()
        gc.enable()
