"""One assessment run: manifest → criteria → collect → evaluate → grade → result.

This is the in-process API behind `servex assess`; the test helpers of `servex.testing` call it too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from servex import _clock, _startup_gc
from servex._collect import collect_all
from servex._criteria.model import CriteriaSet
from servex._criteria.registry import CriteriaRegistry
from servex._engine import exceptions
from servex._errors import InvalidInputError, PluginError, Problem
from servex._evaluate import evaluate_all
from servex._exitcodes import ExitCode
from servex._lang import REPORT_LANGUAGES, default_lang
from servex._manifest import MANIFEST_NAME, Manifest, load_manifest
from servex._plan import load_plan, plan_path
from servex._plugins import Plugins
from servex._record import record
from servex._result import build_result

__all__ = ["FAIL_ON", "Assessment", "assess", "criteria_refs", "default_cache_dir"]

FAIL_ON = {
    "never": (),
    "error": ("error",),
    "not_met": ("not_met", "error"),
    "partially_met": ("partially_met", "not_met", "error"),
}


@record
class Assessment:
    result: dict[str, Any]
    exit_code: ExitCode


def default_cache_dir() -> Path:
    """Outside the evidence folder (which may be read-only): $SERVEX_CACHE_DIR or the XDG cache."""
    explicit = os.environ.get("SERVEX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "servex"


def criteria_refs(given: str | Sequence[str] | None, manifest: Any) -> list[str]:
    """The sets to grade: the command line's (all of them), else the manifest's, else servex-pyramid."""
    for choice in (given, manifest):
        if isinstance(choice, str) and choice:
            return [choice]
        if choice:
            return list(dict.fromkeys(choice))
    return ["servex-pyramid"]


def _with_profile(
    cset: CriteriaSet,
    given: str | None,
    manifest: Manifest,
    plugins: Plugins,
    registry: CriteriaRegistry,
    commitments: Mapping[str, Any] | None = None,
) -> tuple[CriteriaSet, dict[str, Any] | None]:
    """The set as the chosen profile grades it, and the result's record of the profile and its changes.

    The command line's profile wins over the manifest's; a manifest with commitments and no profile
    gets the commitments-only profile, so its published targets still anchor the grading. `commitments`:
    the ones to anchor on, when not all of the manifest's (see _checked_commitments).
    """
    data = manifest.data
    name = given or data.get("profile")
    if name is None and not data.get("commitments"):
        return cset, None  # most runs: no profile to read, so its modules are not even imported
    from servex._criteria.profile import COMMITMENTS_PROFILE, load_profile, profile_index, profile_json
    from servex._criteria.profile_apply import apply_profile

    where = manifest.doc.problem(("profile",), "") if not given and name else None
    if name is None and COMMITMENTS_PROFILE in profile_index(plugins):
        name = COMMITMENTS_PROFILE
    if name is None:
        return cset, None
    chosen = load_profile(plugins, name, where)
    anchored = data.get("commitments") or {} if commitments is None else commitments
    changed, adjustments = apply_profile(cset, chosen, registry.kpis(), anchored)
    return changed, {**profile_json(chosen), "adjustments": adjustments}


def _checked_commitments(
    plain: CriteriaSet,
    given: str | None,
    manifest: Manifest,
    plugins: Plugins,
    registry: CriteriaRegistry,
    record: dict[str, Any],
    items: Sequence[Any],
) -> tuple[CriteriaSet | None, dict[str, Any], list[Any]]:
    """The set graded on the commitments whose loosening their source states (see _commitment_check):
    when one does not, the profile is applied again to the set as loaded (`plain`) without it, and it
    is a warning located at its manifest field. (None, record, []) when every commitment holds."""
    from servex._commitment_check import unstated_commitments
    from servex._context import LogEntry

    commitments = manifest.data.get("commitments") or {}
    reasons = unstated_commitments(commitments, record.get("adjustments") or [], items)
    if not reasons:
        return None, record, []
    kept = {name: value for name, value in commitments.items() if name not in reasons}
    cset, again = _with_profile(plain, given, manifest, plugins, registry, kept)
    warnings = [
        LogEntry("warning", "manifest", reason, MANIFEST_NAME, manifest.doc.where(("commitments", name))[0],
                 f"commitments.{name}")
        for name, reason in sorted(reasons.items())
    ]  # fmt: skip
    return cset, {**(again or record), "unstated_commitments": sorted(reasons)}, warnings


def assess(
    evidence_dir: Path,
    plugins: Plugins,
    *,
    criteria: str | Sequence[str] | None = None,
    lang: str | None = None,
    fail_on: str = "not_met",
    offline: bool = False,
    cache_dir: Path | None = None,
    profile: str | None = None,
    progress: Callable[[str, str, int, int], None] = lambda *_: None,
    plan: Path | None = None,
) -> Assessment:
    """`progress(phase, label, done, total)` is told before each source is collected and each criterion
    graded, and once more when a phase is complete. `plan` is the assessor's plan file (else the
    manifest's `plan:`), checked before anything is collected and carried in the result."""
    if not evidence_dir.is_dir():
        raise InvalidInputError([Problem(str(evidence_dir), None, None, "evidence folder not found")])
    manifest = load_manifest(evidence_dir)
    data = manifest.data
    registry = CriteriaRegistry(plugins)
    refs = criteria_refs(criteria, manifest.criteria_ref(evidence_dir))
    plugins.evaluators()  # register first, so a broken plugin is known before the set is checked
    registry.ids()  # index the sets: criteria-set ids two plugins share are clashes too
    plugins.raise_clashes()
    loaded = {info["name"] for info in plugins.versions()}
    missing = [name for name in (data.get("plugins") or {}).get("required", []) if name not in loaded]
    if missing:  # before the set: a missing plugin may be the one that provides it
        raise PluginError(f"{manifest.doc.file}: required plugin(s) not available: {', '.join(missing)}")
    _configure(plugins, manifest, evidence_dir, refs, lang, offline, loaded)
    registry.add_kpis(manifest.doc)  # the organisation's own KPIs, before the set that may use them
    cset = registry.load_many(refs, base_dir=evidence_dir, tolerate_unknown_types=bool(plugins.failures))
    plain = cset
    cset, profile_record = _with_profile(plain, profile, manifest, plugins, registry)
    collectors = plugins.collectors()
    manifest.check_against(cset, collectors, sorted({f.name for f in plugins.failures}))
    planned = plan_path(plan, manifest, evidence_dir)
    action_plan = load_plan(planned[0], {c.id for c in cset.criteria}, planned[1]) if planned else []
    assessed_at = _clock.now()
    collected_at = _clock.isoformat(assessed_at)
    excepted = exceptions.resolve(data, assessed_at.date())
    graded_manifest = exceptions.effective_manifest(data, excepted)
    _startup_gc.resume()  # start-up is over: what it built is frozen, and collection runs as usual
    collection = collect_all(
        evidence_dir=evidence_dir,
        manifest=data,
        period=manifest.period,
        collectors=collectors,
        criteria_set=cset,
        collected_at=collected_at,
        cache_dir=cache_dir or default_cache_dir(),
        offline=offline,
        progress=progress,
    )
    unstated: list[Any] = []
    if profile_record is not None and data.get("commitments"):  # a loosening must rest on its source
        checked, profile_record, unstated = _checked_commitments(
            plain, profile, manifest, plugins, registry, profile_record, collection.items
        )
        cset = checked or cset
    graded, eval_log, crashed = evaluate_all(
        cset=cset,
        evaluators=plugins.evaluators(),
        collection=collection,
        kpis=registry.kpis(),
        manifest=graded_manifest,
        period=manifest.period,
        evidence_dir=evidence_dir,
        progress=progress,
    )
    from servex._context import LogEntry

    plugin_log = [LogEntry("error", f"plugin:{f.name}", f.error) for f in plugins.failures]
    lapsed = [
        LogEntry("warning", "manifest", text, MANIFEST_NAME, line)
        for line, text in exceptions.expired_messages(manifest.doc, excepted)
    ]
    log = sorted(
        [*plugin_log, *lapsed, *unstated, *collection.log, *eval_log],
        key=lambda e: (e.source, e.file, e.line or 0, e.message),
    )
    result = build_result(
        cset=cset,
        manifest=graded_manifest,
        period=manifest.period,
        lang=lang or data.get("lang") or default_lang(REPORT_LANGUAGES),
        generated_at=collected_at,
        plugin_versions=plugins.versions(),
        collection=collection,
        graded=graded,
        log=log,
        profile=profile_record,
    )
    exceptions.annotate(result, excepted)
    if action_plan:
        result["action_plan"] = action_plan
    if collection.required_failed or crashed:
        code = ExitCode.COLLECTOR_FAILED
    elif any(
        f["status"] in FAIL_ON[fail_on] and not exceptions.exempt_from_fail_on(f) for f in result["findings"]
    ):
        code = ExitCode.GAPS_FOUND
    else:
        code = ExitCode.OK
    return Assessment(result, code)


def _configure(
    plugins: Plugins,
    manifest: Any,
    evidence_dir: Path,
    refs: list[str],
    lang: str | None,
    offline: bool,
    loaded: set[str],
) -> None:
    """Tell every plugin the run's configuration (`servex_configure`); settings for a plugin that is not
    loaded are a located error, since they would otherwise be ignored without a word."""
    from servex._runconfig import RunConfig

    data = manifest.data
    settings = (data.get("plugins") or {}).get("settings") or {}
    unknown = [name for name in settings if name not in loaded]
    if unknown:
        known = ", ".join(sorted(loaded))
        raise InvalidInputError(
            [
                manifest.doc.problem(
                    ("plugins", "settings", name), f"no loaded plugin is named {name!r} ({known})", key=True
                )
                for name in unknown
            ]
        )
    config = RunConfig(
        evidence_dir=evidence_dir,
        period=manifest.period,
        criteria=tuple(refs),
        lang=lang or data.get("lang") or default_lang(),
        offline=offline,
        manifest=data,
        settings=settings,
    )
    plugins.configure(config)
