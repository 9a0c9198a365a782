"""`check_collector`: the conformance check every collector can run in its own tests.

It runs the collector the way `servex assess` would, under a fixed clock and a deadline: on the folder,
on a copy of it elsewhere (nothing may depend on where the folder lives), then on an empty folder and
on empty files; and checks the rules of docs/plugins.md: schema-valid items,
provenance an auditor can follow, deterministic ids and order, no leaked secret, no overrun, and no
traceback on an empty source. Each rule is reported separately, so one run shows every problem.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servex.testing._checks import (
    check_ids,
    check_provenance,
    check_schema,
    find_secrets,
    leaks,
    serialised,
)
from servex.testing._harness import LazyCriteria, Outcome, build_context, fixed_environment, run_collector

__all__ = ["CheckResult", "ConformanceReport", "assert_conformant", "check_collector"]

DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z
CHECKS = ("runs", "yields_items", "schema", "provenance", "ids", "deterministic", "secrets", "timeout", "empty_source")


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    reason: str

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.name}: {self.reason}"


@dataclass
class ConformanceReport:
    """Each check with pass/fail and a reason; `failures` lists only the failed ones.

    `checks` holds one :class:`CheckResult` per rule, in the order of `CHECKS`; the report is truthy
    only when every check passed.
    """

    collector: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def __bool__(self) -> bool:
        """Falsy when any check failed, so `assert report` means what it says."""
        return self.passed

    @property
    def failures(self) -> list[CheckResult]:
        return [check for check in self.checks if not check.passed]

    def __getitem__(self, name: str) -> CheckResult:
        return next(check for check in self.checks if check.name == name)

    def __str__(self) -> str:
        return "\n".join([f"conformance of collector {self.collector}:", *(f"  {c}" for c in self.checks)])

    def raise_for_failures(self) -> ConformanceReport:
        if not self.passed:
            lines = [f"collector {self.collector} is not conformant:", *(f"  {c}" for c in self.failures)]
            raise AssertionError("\n".join(lines))
        return self

    def _add(self, name: str, problems: list[str], ok: str) -> None:
        shown = problems[:10] + ([f"... and {len(problems) - 10} more"] if len(problems) > 10 else [])
        self.checks.append(CheckResult(name, not problems, "; ".join(shown) if problems else ok))


def _resolve(collector: Any, plugins: Any) -> Any:
    from servex._contributions import Collector

    if isinstance(collector, Collector):
        return collector
    found = plugins.collectors().get(str(collector))
    if found is None:
        raise LookupError(f"no installed collector named {collector!r} (known: {', '.join(plugins.collectors())})")
    return found


def check_collector(
    collector: Any,
    folder: Path,
    config: Mapping[str, Any] | None = None,
    *,
    secrets: Iterable[str] = (),
    secret_env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    criteria: Any = None,
    plugins: Iterable[Any] = (),
    epoch: int = DEFAULT_EPOCH,
    offline: bool = True,
    workdir: Path | None = None,
) -> ConformanceReport:
    """Run the conformance checks on `collector` (a Collector record, or an installed collector's name).

    `folder` is an evidence folder the collector should find evidence in, with `config` as a manifest
    source would give it. Secrets to look for in the output: values wrapped in :class:`Secret`, values
    of config keys named like password/token/api_key, `secrets`, and the values of `secret_env` (set as
    environment variables during the runs). `timeout` bounds each run, in seconds. `criteria` (an id,
    a path or a CriteriaSet) is what `ctx.criteria_set` holds; default: the folder manifest's.
    """
    from servex.testing._run import load_test_plugins

    loaded = load_test_plugins(plugins)
    record = _resolve(collector, loaded)
    folder = Path(folder)
    _check_config(record, config or {})
    report = ConformanceReport(record.name)
    env = dict(secret_env or {})
    hidden = find_secrets(config or {}) | set(secrets) | {v for v in env.values() if v}
    scratch = Path(tempfile.mkdtemp(prefix="servex-conformance-", dir=workdir))
    try:
        cset = LazyCriteria(folder, criteria, loaded)

        def run(where: Path) -> Outcome:
            with fixed_environment(epoch, env):
                ctx = build_context(
                    collector_name=record.name,
                    folder=where,
                    config=config or {},
                    criteria_set=cset,
                    cache_dir=scratch / "cache",
                    offline=offline,
                )
                return run_collector(record.collect, ctx, timeout)

        first = run(folder)
        moved = scratch / "moved" / folder.name
        shutil.copytree(folder, moved, symlinks=True)
        second = run(moved) if not first.timed_out else first
        empties = [run(_emptied(folder, scratch / "empty-folder", keep=False))]
        empties.append(run(_emptied(folder, scratch / "empty-files", keep=True)))
        _judge(report, record, folder, first, second, empties, hidden, timeout, scratch / "cache")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _check_config(record: Any, config: Mapping[str, Any]) -> None:
    """servex validates a source's config before collecting; a check on an invalid one proves nothing."""
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(dict(record.config_schema)).iter_errors(dict(config)), key=str)
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "config"
        raise ValueError(f"config does not match collector {record.name}'s config_schema: {where}: {errors[0].message}")


def assert_conformant(
    collector: Any, folder: Path, config: Mapping[str, Any] | None = None, **options: Any
) -> ConformanceReport:
    """:func:`check_collector`, raising AssertionError that lists every failed check."""
    return check_collector(collector, folder, config, **options).raise_for_failures()


def _emptied(folder: Path, target: Path, *, keep: bool) -> Path:
    """A copy of `folder` with only its manifest (keep=False), or with every other file truncated to 0 bytes."""
    target.mkdir(parents=True)
    manifest = folder / "servex.yaml"
    if manifest.is_file():
        shutil.copyfile(manifest, target / "servex.yaml")
    if keep:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and not path.is_symlink() and rel.as_posix() != "servex.yaml":
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                (target / rel).write_bytes(b"")
    return target


def _error_text(outcome: Outcome) -> str:
    error = outcome.error
    return f"{type(error).__name__}: {error}" if error is not None else ""


def _judge(
    report: ConformanceReport,
    record: Any,
    folder: Path,
    first: Outcome,
    second: Outcome,
    empties: list[Outcome],
    hidden: set[str],
    timeout: float,
    cache: Path,
) -> None:
    from servex._errors import CollectionError

    finished = not first.timed_out
    raised = first.error is not None
    if not finished:
        report._add("runs", [f"did not finish within {timeout:g}s"], "")
    else:
        report._add("runs", [f"raised {_error_text(first)}"] if raised else [], "finished without raising")
    usable = finished and not raised
    items = first.items if usable else []
    if not usable:
        report._add("yields_items", ["no run to inspect"], "")
    else:
        report._add(
            "yields_items",
            [] if items else ["yielded nothing: give a folder with evidence it reads"],
            f"{len(items)} item(s)",
        )
    report._add(
        "schema",
        check_schema(items, record.kinds) if usable else ["no run to inspect"],
        "every item matches the evidence schema",
    )
    from servex._evidence import EvidenceItem, Provenance

    good = [i for i in items if isinstance(i, EvidenceItem) and isinstance(i.provenance, Provenance)]
    report._add(
        "provenance",
        check_provenance(good, record.name, folder, first.collected_at) if usable else ["no run to inspect"],
        "collector, source, sha256/size, collected_at, period, locator set",
    )
    report._add("ids", check_ids(good) if usable else ["no run to inspect"], "unique ids")
    if not usable or second.timed_out or second.error is not None:
        report._add("deterministic", ["no second run to compare"], "")
    else:
        same = serialised(first) == serialised(second)
        report._add(
            "deterministic",
            [] if same else [_difference(first, second)],
            "a second run, on a copy of the folder elsewhere, gives the same items, ids, order and log",
        )
    texts = [serialised(o) for o in (first, second, *empties)] + [_cache_text(cache)]
    leaked = leaks("\n".join(texts), hidden) if hidden else []
    report._add(
        "secrets",
        [f"secret {s} found in the output or the cache" for s in leaked],
        f"none of {len(hidden)} secret(s) in items, log, errors or cache"
        if hidden
        else "no secret configured (mark one with Secret(...) or pass secrets=...)",
    )
    overruns = [o for o in (first, second, *empties) if o.timed_out]
    report._add(
        "timeout",
        [f"did not finish within {timeout:g}s"] if overruns else [],
        f"every run finished within {timeout:g}s (slowest {max(o.seconds for o in (first, second, *empties)):.2f}s)",
    )
    problems = []
    for label, outcome in zip(("empty folder", "empty files"), empties, strict=True):
        if outcome.timed_out:
            problems.append(f"{label}: did not finish within {timeout:g}s")
        elif outcome.error is not None and not isinstance(outcome.error, CollectionError):
            problems.append(
                f"{label}: raised {_error_text(outcome)}; raise servex.CollectionError with a clear message"
            )
        elif isinstance(outcome.error, CollectionError) and not str(outcome.error).strip():
            problems.append(f"{label}: CollectionError without a message")
        else:
            problems += [f"{label}: {p}" for p in check_schema(outcome.items, record.kinds)]
    report._add("empty_source", problems, "an empty folder and empty files give no traceback")


def _difference(first: Outcome, second: Outcome) -> str:
    ids_a = [getattr(i, "id", None) for i in first.items]
    ids_b = [getattr(i, "id", None) for i in second.items]
    if ids_a != ids_b:
        if sorted(map(str, ids_a)) == sorted(map(str, ids_b)):
            return "the two runs yield the same ids in a different order"
        return f"the two runs yield different ids ({len(set(map(str, ids_a)) ^ set(map(str, ids_b)))} differ)"
    if [str(e) for e in first.log] != [str(e) for e in second.log]:
        return "the two runs log different messages"
    return "the two runs yield items that differ in content (title, attributes or provenance)"


def _cache_text(cache: Path, limit: int = 5 << 20) -> str:
    if not cache.is_dir():
        return ""
    parts = []
    for path in sorted(cache.rglob("*")):
        if path.is_file() and path.stat().st_size <= limit:
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)
