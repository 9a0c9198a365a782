"""The rich progress display of `servex assess`: one bar per phase (collecting, grading).

Imported only when a display is shown (a terminal, no -q), because rich costs more to import than the
rest of `servex --help`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ["phase_bars"]


class RateColumn(ProgressColumn):
    """Steps per second (sources collected, criteria graded): rich's own speed columns count bytes."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:7.1f}/s" if speed else "       /s")


@contextmanager
def phase_bars(*, color: bool) -> Iterator[Callable[[str, str, int, int], None]]:
    console = Console(stderr=True, no_color=not color)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(bar_width=24),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),  # ticks even while one long step (a big conversion) reports nothing
        TextColumn("elapsed,"),
        TimeRemainingColumn(),
        TextColumn("left"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(phase: str, label: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            # a phase shows at least its start and its end, however fast it runs between two refreshes
            bar.update(
                tasks[phase],
                completed=done,
                total=total,
                description=f"{phase} {label[:32]:<32}",
                refresh=done in (0, total),
            )

        yield update
