"""How the command line talks to a person on stderr: how much (-q/-v), in colour or not, and progress.

Conventions users already know from pip, ruff and pytest: `-q` prints only errors, `-v` adds detail,
`NO_COLOR` (any non-empty value, https://no-color.org) and `TERM=dumb` turn colour off, and a progress
display appears only on a terminal, never in a pipe or a CI log. stdout stays for data.

The progress display is rich's, imported only when one is shown, so start-up stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

__all__ = ["ProgressFn", "color_enabled", "detail", "info", "progress_display", "progress_wanted", "verbosity"]

#: `progress(phase, label, done, total)`: `done` of `total` steps of `phase` are finished; `label` is the current one.
ProgressFn = Callable[[str, str, int, int], None]


def verbosity() -> int:
    """-1 under -q, 0 normally, 1 or more under -v (repeatable)."""
    from servex._cli.state import CliState

    ctx = click.get_current_context(silent=True)
    state = ctx.find_root().obj if ctx is not None else None
    return state.verbosity if isinstance(state, CliState) else 0


def info(message: str) -> None:
    """What a person wants to know (wrote X, ok: Y); silenced by -q. Errors use `echo_err`."""
    if verbosity() >= 0:
        click.echo(message, err=True)


def detail(message: str) -> None:
    """Only under -v: what was loaded, from where, and how long it took."""
    if verbosity() > 0:
        click.echo(message, err=True)


def _terminal() -> bool:
    return sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb"


def color_enabled() -> bool:
    return _terminal() and not os.environ.get("NO_COLOR")


def progress_wanted() -> bool:
    return _terminal() and verbosity() >= 0


@contextmanager
def progress_display(enabled: bool) -> Iterator[ProgressFn]:
    """A progress bar per phase with counts, rate and time left; erased when done. A no-op when disabled."""
    if not enabled:
        yield _ignore
        return
    from servex._cli.progress_bar import phase_bars  # imports rich: only when a display is shown

    with phase_bars(color=color_enabled()) as update:
        yield update


def _ignore(phase: str, label: str, done: int, total: int) -> None:
    return None
