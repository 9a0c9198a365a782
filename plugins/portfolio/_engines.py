"""Where the sites run: in this process, in a local process pool, or on a Dask distributed cluster.

Why processes: an assessment is CPU-bound Python (parsing, extraction, grading), so threads would share
one core. Why Dask distributed for clusters rather than Ray: it is pure Python and pip-installable
(`servex[cluster]`), a worker is one `dask worker tcp://HOST:PORT` command on any machine with servex
installed, and its `LocalCluster` starts real worker processes on one machine, which is how the tests
check the cluster path. Ray would bring a large native runtime and its own object store for what is here
a list of independent jobs.

Each engine calls `done(outcome)` as each site finishes, in completion order, so the batch writes every
result as soon as it exists: an interrupted batch keeps what was done.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool

from servex import ExitCode, PluginError, ServexError
from servex.plugins.portfolio._site import SiteJob, SiteOutcome, run_site

__all__ = ["SchedulerError", "run_dask", "run_local"]

Done = Callable[[SiteOutcome], None]


class SchedulerError(ServexError):
    """The cluster named by --scheduler cannot be reached: the user's to fix (exit 2), no site has run."""

    exit_code = ExitCode.USAGE_ERROR


def _lost(job: SiteJob, exc: BaseException) -> SiteOutcome:
    """A worker that died under a site (killed, out of memory): that site failed, the others go on."""
    return SiteOutcome(job.name, int(ExitCode.INTERNAL_ERROR), None, f"worker lost: {type(exc).__name__}: {exc}")


def run_local(jobs: Sequence[SiteJob], workers: int, done: Done) -> None:
    """`workers` processes (spawned, so no state of this process leaks into them); 1 runs in-process.

    A worker that dies (killed, out of memory) breaks the whole pool and every site still in it. Those
    sites are run again, each alone in a fresh process, so only the site that kills its worker is lost.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            done(run_site(job))
        return
    broken = _pool(jobs, min(workers, len(jobs)), done)
    for job in broken:  # rare: one process each, so a site that kills its worker takes nothing else with it
        for again in _pool([job], 1, done):
            done(_lost(again, BrokenProcessPool("the worker process died while assessing this site")))


def _pool(jobs: Sequence[SiteJob], workers: int, done: Done) -> list[SiteJob]:
    """Run `jobs` on a pool; the jobs a broken pool could not finish are returned, not reported."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    broken: list[SiteJob] = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_site, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
                continue
            except Exception as exc:
                outcome = _lost(futures[future], exc)
            done(outcome)
    return broken


def run_dask(jobs: Sequence[SiteJob], scheduler: str, done: Done) -> None:
    """Submit every site to the Dask scheduler at `scheduler` and collect results as they complete.

    How long to try to connect is Dask's own setting (`distributed.comm.timeouts.connect`, 30 s by default;
    DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=10s in the environment), as for any Dask client.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise PluginError("--scheduler needs Dask distributed: pip install 'servex[cluster]'") from None
    try:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = {
            client.submit(run_site, job, key=f"servex-site-{i}-{job.name}", pure=False): job
            for i, job in enumerate(jobs)
        }
        for future in as_completed(list(futures)):  # type: ignore[no-untyped-call]
            try:
                outcome = future.result()
            except Exception as exc:
                outcome = _lost(futures[future], exc)
            done(outcome)
    finally:
        client.close()  # type: ignore[no-untyped-call]
