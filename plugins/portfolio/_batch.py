"""A batch: decide which sites must run, run them on an engine, write each result as it comes, summarise.

Layout of the output folder::

    sites/<site>.json          each site's result, the bytes `servex assess -o json:` writes
    batch-summary.json         every site: assessed, unchanged or failed, its exit code and why
    portfolio.html|pdf|csv     the portfolio report, rendered from the results above
    .servex-batch-state.json   inputs hashes, so that the next batch skips unchanged sites

A site that fails loses its previous result file: a portfolio must never show last month's grade as if
it were this batch's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex import __version__, write_atomic
from servex.plugins.portfolio._config import Portfolio
from servex.plugins.portfolio._site import PluginChoice, SiteJob, SiteOutcome, job_env
from servex.plugins.portfolio._state import BatchState, inputs_hash

__all__ = ["SUMMARY_FILE", "BatchReport", "SiteLine", "result_path", "run_batch"]

SUMMARY_FILE = "batch-summary.json"


def result_path(portfolio: Portfolio, name: str) -> Path:
    return portfolio.output / "sites" / f"{name}.json"


@dataclass
class SiteLine:
    name: str
    path: str
    status: str  #: assessed, unchanged or failed (exit 2 or more; with exit 5 the result is still written)
    exit_code: int
    result: str | None = None  #: the result file, relative to the output folder
    level: str | None = None  #: highest level achieved
    score: float | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class BatchReport:
    sites: list[SiteLine] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """The highest site exit code: 0 all clean, 1 gaps, 3/4/5/70 a site could not be assessed."""
        return max((s.exit_code for s in self.sites), default=0)

    def as_json(self, portfolio: Portfolio) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for line in self.sites:
            counts[line.status] = counts.get(line.status, 0) + 1
        return {
            "servex_version": __version__,
            "portfolio": portfolio.file.name,
            "exit_code": self.exit_code,
            "counts": dict(sorted(counts.items())),
            "failed": [s.name for s in self.sites if s.status == "failed"],
            "sites": [s.as_json() for s in sorted(self.sites, key=lambda s: s.name)],
        }


def _level(data: bytes) -> tuple[str | None, float | None]:
    readiness = json.loads(data).get("readiness") or {}
    return readiness.get("highest_level_achieved"), readiness.get("overall_score")


def _jobs(portfolio: Portfolio, plugins: PluginChoice) -> list[SiteJob]:
    env = job_env()
    return [
        SiteJob(
            name=site.name,
            path=str(site.path.resolve()),
            criteria=portfolio.criteria,
            lang=portfolio.lang,
            fail_on=portfolio.fail_on,
            offline=portfolio.offline,
            cache_dir=str(portfolio.cache_dir.resolve()) if portfolio.cache_dir else None,
            plugins=plugins,
            env=env,
        )
        for site in portfolio.sites
    ]


def run_batch(
    portfolio: Portfolio,
    *,
    plugins: PluginChoice,
    versions: list[dict[str, Any]],
    engine: Callable[[list[SiteJob], Callable[[SiteOutcome], None]], None],
    force: bool = False,
    told: Callable[[SiteLine, int, int], None] = lambda *_: None,
) -> BatchReport:
    """Run the sites whose inputs changed (all with `force`) and summarise every site of the portfolio.

    `versions` are the loaded plugins' (name, version) records: a new version of any plugin re-runs all.
    `told(line, done, total)` hears of each site as it is settled, skipped ones first.
    """
    state = BatchState(portfolio.output)
    report = BatchReport()
    where = {site.name: site for site in portfolio.sites}
    hashes: dict[str, str] = {}
    todo: list[SiteJob] = []
    criteria_files = [ref for ref in portfolio.criteria if Path(ref).is_absolute()]
    for job in _jobs(portfolio, plugins):
        options = {
            "servex": __version__,
            "plugins": [[v.get("name"), v.get("version")] for v in versions],
            "options": portfolio.options,
            "env": job.env,
        }
        hashes[job.name] = inputs_hash(Path(job.path), criteria_files, options)
        target = result_path(portfolio, job.name)
        if not force and state.unchanged(job.name, hashes[job.name], target):
            level, score = _level(target.read_bytes())
            line = SiteLine(
                job.name,
                str(where[job.name].path),
                "unchanged",
                state.sites[job.name]["exit_code"],
                target.relative_to(portfolio.output).as_posix(),
                level,
                score,
            )
            report.sites.append(line)
            told(line, len(report.sites), len(portfolio.sites))
        else:
            todo.append(job)

    def done(outcome: SiteOutcome) -> None:
        target = result_path(portfolio, outcome.name)
        line = SiteLine(outcome.name, str(where[outcome.name].path), "failed", outcome.exit_code, error=outcome.error)
        if outcome.result is not None:
            write_atomic(target, outcome.result)
            line.status = "assessed" if outcome.exit_code < 2 else "failed"  # exit 5 keeps its result
            line.result = target.relative_to(portfolio.output).as_posix()
            line.level, line.score = _level(outcome.result)
            if outcome.exit_code < 2:
                state.remember(outcome.name, hashes[outcome.name], outcome.result, outcome.exit_code)
            else:
                state.forget(outcome.name)
        else:
            target.unlink(missing_ok=True)  # a stale result must not pass for this batch's
            state.forget(outcome.name)
        state.save()
        report.sites.append(line)
        told(line, len(report.sites), len(portfolio.sites))

    portfolio.output.mkdir(parents=True, exist_ok=True)
    if todo:
        engine(todo, done)
    state.sites = {k: v for k, v in state.sites.items() if k in where}
    state.save()
    summary = json.dumps(report.as_json(portfolio), indent=2, ensure_ascii=False) + "\n"
    write_atomic(portfolio.output / SUMMARY_FILE, summary)
    return report
