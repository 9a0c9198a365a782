"""One site of a batch, as a worker process runs it: the same call `servex assess` makes, nothing else.

Why the worker calls `servex._assess.assess` rather than a batch-specific pipeline: a site's result
must be the very bytes a single `servex assess` of that folder writes, and the only way to keep that
true as the pipeline changes is to run the same code. The plugins are loaded as the command line loads
them (the same built-in command plugin, the same `--disable-plugin` and `-p` choices), since the result
lists them.

A job carries the environment that decides the bytes (SOURCE_DATE_EPOCH, SERVEX_*, the locale) because
a Dask worker on another machine does not share the shell that started the batch. The result comes back
as bytes and the batch writes it, so workers need to read the evidence but never write anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servex._plugins import Plugins

__all__ = ["ENV_NAMES", "PluginChoice", "SiteJob", "SiteOutcome", "job_env", "run_site"]

#: environment variables that can change a result's bytes; a job carries them to its worker
ENV_NAMES = ("SOURCE_DATE_EPOCH", "LANG", "LC_ALL", "LC_MESSAGES", "SERVEX_DISABLE_PLUGINS")
ENV_PREFIX = "SERVEX_"


@dataclass(frozen=True)
class PluginChoice:
    disabled: tuple[str, ...] = ()
    strict: bool = False
    modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteJob:
    name: str
    path: str
    criteria: tuple[str, ...]
    lang: str | None
    fail_on: str
    offline: bool
    cache_dir: str | None
    plugins: PluginChoice
    env: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SiteOutcome:
    name: str
    exit_code: int
    result: bytes | None  #: the result JSON, exactly as `servex assess -o json:` writes it
    error: str | None  #: why the site failed (one line per problem), None when it was assessed


def job_env() -> tuple[tuple[str, str], ...]:
    """The variables of this process that decide a result (sorted: they are part of the input hash)."""
    names = {n for n in os.environ if n.startswith(ENV_PREFIX) or n in ENV_NAMES}
    return tuple(sorted((n, os.environ[n]) for n in names))


@cache
def _plugins(choice: PluginChoice) -> Plugins:
    """Loaded once per worker process and choice, like `CliState.load` (failures were told by the batch)."""
    import importlib

    from servex._cli import builtin
    from servex._plugins import load_plugins

    extra: list[tuple[str, object]] = [("servex.cli", builtin)]
    extra += [(name, importlib.import_module(name)) for name in choice.modules]
    return load_plugins(disabled=choice.disabled, strict=choice.strict, extra=extra)


def _apply_env(env: tuple[tuple[str, str], ...]) -> None:
    wanted = dict(env)
    for name in [n for n in os.environ if (n.startswith(ENV_PREFIX) or n in ENV_NAMES) and n not in wanted]:
        del os.environ[name]
    os.environ.update(wanted)


def run_site(job: SiteJob) -> SiteOutcome:
    """Assess one folder; never raises, so one broken site cannot stop the others."""
    from servex import ServexError, dumps_result
    from servex._assess import assess

    try:
        _apply_env(job.env)
        plugins = _plugins(job.plugins)
        run = assess(
            Path(job.path),
            plugins,
            criteria=list(job.criteria) or None,
            lang=job.lang,
            fail_on=job.fail_on,
            offline=job.offline,
            cache_dir=Path(job.cache_dir) if job.cache_dir else None,
        )
        data = dumps_result(run.result).encode("utf-8")
    except ServexError as exc:
        return SiteOutcome(job.name, int(exc.exit_code), None, str(exc) or type(exc).__name__)
    except Exception as exc:  # a bug, or a machine problem: this site's failure, named, not the batch's
        return SiteOutcome(job.name, 70, None, f"internal error: {type(exc).__name__}: {exc}")
    errors = [e for e in run.result["log"] if e["level"] == "error"] if int(run.exit_code) >= 2 else []
    why = "; ".join(f"{e['source']}: {e['message']}" for e in errors) or None
    return SiteOutcome(job.name, int(run.exit_code), data, why)
