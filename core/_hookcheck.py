"""A `servex_*` function that matches no hook is a typo, not a quiet plugin with nothing to offer.

pluggy registers an unknown `@hookimpl` without complaint (its `check_pending` runs only if asked) and
ignores unmarked functions altogether, so `servex_collector` (no s) used to load a plugin that
contributed nothing. servex checks every public `servex_*` callable of a plugin against the hook specs
before registering it, and suggests the closest hook name.
"""

from __future__ import annotations

import inspect
from types import ModuleType

__all__ = ["NOT_HOOKS", "unknown_hooks"]

#: plugin attributes named servex_* that are settings, not hooks
NOT_HOOKS = frozenset({"servex_api", "servex_overrides"})


def _hook_names(specs: ModuleType) -> list[str]:
    return sorted(
        name for name, value in vars(specs).items() if name.startswith("servex_") and inspect.isfunction(value)
    )


def unknown_hooks(plugin: object, specs: ModuleType) -> list[str]:
    """One message per `servex_*` callable of `plugin` that is not a hook, with a "did you mean"."""
    known = _hook_names(specs)
    problems = []
    for name in sorted(dir(plugin)):
        if not name.startswith("servex_") or name in NOT_HOOKS or name in known:
            continue
        if not callable(getattr(plugin, name, None)):
            continue
        import difflib  # only for a misspelt hook, not on every start

        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; the hooks are {', '.join(known)}"
        problems.append(f"{name} is not a servex hook{hint}")
    return problems
