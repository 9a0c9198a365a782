"""What collectors, evaluators and renderers are given.

These are the only objects a plugin receives from servex at run time, which keeps the extension
surface narrow: a plugin never reaches into the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from servex._evidence import EvidenceItem
from servex._record import frozen, record

if TYPE_CHECKING:
    from servex._criteria.model import CriteriaSet, Criterion

__all__ = ["CollectContext", "EvaluationContext", "LogEntry", "Period", "RenderOptions"]

T = TypeVar("T")


@frozen
class Period:
    start: date
    end: date

    def months(self) -> list[str]:
        """The calendar months (YYYY-MM) the period touches."""
        out, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


@frozen
class LogEntry:
    level: str  # error | warning | info
    source: str
    message: str
    file: str = ""
    line: int | None = None
    field: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "source": self.source,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
        }

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        where = f"{where}: " if where else ""
        what = f" (field {self.field})" if self.field else ""
        return f"{self.source}: {where}{self.message}{what}"


@record
class CollectContext:
    """Given to a collector. Report bad pieces of evidence with :meth:`warn`; raise only when the whole
    source is unusable (the source then fails and its criteria become `error`)."""

    evidence_dir: Path
    source: str
    config: Mapping[str, Any]
    manifest: Mapping[str, Any]
    period: Period
    collected_at: str
    cache_dir: Path
    offline: bool
    criteria_set: CriteriaSet
    log: list[LogEntry] = field(default_factory=list)

    def warn(self, message: str, *, file: str = "", line: int | None = None, field: str = "") -> None:
        self.log.append(LogEntry("warning", self.source, message, file, line, field))

    def error(self, message: str, *, file: str = "", line: int | None = None, field: str = "") -> None:
        """An evidence error: this piece is unusable, the rest of the source still counts."""
        self.log.append(LogEntry("error", self.source, message, file, line, field))


@record
class EvaluationContext:
    """Given to an evaluator for one requirement of one criterion.

    Report a piece of evidence the evaluator refuses (a row that is not in a drawn sample) with
    :meth:`warn`: the entry lands in the run log with its file and line, like a collector's.
    """

    criteria_set: CriteriaSet
    criterion: Criterion
    evidence: tuple[EvidenceItem, ...]
    kpis: Mapping[str, Mapping[str, Any]]
    manifest: Mapping[str, Any]
    period: Period
    evidence_dir: Path
    _memo: dict[Any, Any] = field(default_factory=dict)
    log: list[LogEntry] = field(default_factory=list)

    def warn(self, message: str, *, file: str = "", line: int | None = None, field: str = "") -> None:
        """A located warning in the run log, attributed to this criterion."""
        self.log.append(LogEntry("warning", f"evaluator:{self.criterion.id}", message, file, line, field))

    def items(self, kind: str | None = None) -> Iterator[EvidenceItem]:
        return (item for item in self.evidence if kind is None or item.kind == kind)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Compute once per run (shared across criteria), e.g. a KPI over a large export."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value


@frozen
class RenderOptions:
    lang: str = "en"
    pdf_variant: str | None = None
