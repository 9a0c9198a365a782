"""`servex bundle` and `servex verify`: thin click commands over _make and _verify."""

from __future__ import annotations

from pathlib import Path

import click
from servex._cli.state import verbosity_options

__all__ = ["bundle_command", "verify_command"]

DEFAULT_REPORTS = ("md", "html")


@click.command(
    name="bundle", short_help="Write an audit bundle: result, reports, criteria and evidence sha256 in one ZIP."
)
@click.argument("evidence_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="BUNDLE.zip",
              help="Archive to write (ZIP); its folder must exist, and it must not lie in the evidence folder.")
@click.option("--result", "result_file", type=click.Path(dir_okay=False, path_type=Path), metavar="RESULT.json",
              help="Bundle this result (it must be of this evidence) instead of assessing now.")
@click.option("--criteria", multiple=True, metavar="ID|PATH",
              help="Criteria set(s), as for `servex assess` (default: the manifest's, else servex-pyramid).")
@click.option("--report", "reports", multiple=True, metavar="FORMAT",
              help="Report format to include (repeatable; default: md and html), e.g. pdf, oscal, sarif.")
@click.option("--with-evidence", is_flag=True, help="Include copies of the evidence files (for bodies that keep them).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="OLD.json",
              help="The earlier result the changes are measured against (needed, and bundled, when the result "
                   "has a 'since the last assessment' section).")
@click.option("--lang", type=click.Choice(["en", "fr", "de"]),
              help="Language of the reports (default: the result's).")
@click.option("--offline", is_flag=True, help="Use only cached API responses; never touch the network.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache for extracted text and API responses (default: $SERVEX_CACHE_DIR or ~/.cache/servex).")
@verbosity_options
@click.pass_context
def bundle_command(ctx: click.Context, evidence_dir: Path, output: Path, result_file: Path | None,
                   criteria: tuple[str, ...], reports: tuple[str, ...], with_evidence: bool, baseline: Path | None,
                   lang: str | None, offline: bool, cache_dir: Path | None) -> int:
    """Write an audit bundle of EVIDENCE_DIR: result, reports, criteria set(s) as used, and the sha256 of every
    evidence file (with --with-evidence, the files too), as one ZIP with the same bytes for the same inputs.

    Without --result the evidence is assessed now (SOURCE_DATE_EPOCH pins the time, as for `assess`).
    Check a bundle with `servex verify BUNDLE`.
    """
    from servex import InvalidInputError, Problem, dumps_result
    from servex._assess import assess, criteria_refs
    from servex._cli.checks import criteria_ref, require_dir, require_file
    from servex._cli.console import info
    from servex._cli.outputs import refuse_inputs
    from servex._cli.state import plugins_of
    from servex._manifest import load_manifest
    from servex.plugins.bundle._files import list_evidence
    from servex.plugins.bundle._make import make_bundle, other_criteria, stale_evidence

    require_dir(evidence_dir, "evidence folder")
    if not output.parent.is_dir():
        raise click.UsageError(f"the folder of {output} does not exist")
    refuse_inputs([("bundle", str(output))], folders=[evidence_dir],
                  files=[f for f in (result_file, baseline) if f is not None])
    earlier = None
    if baseline is not None:
        from servex import read_result

        require_file(baseline, "baseline result")
        earlier = read_result(baseline)
    plugins = plugins_of(ctx)
    formats = plugins.report_formats()
    unknown = [r for r in reports if r not in formats]
    if unknown:
        raise click.UsageError(f"unknown report format {unknown[0]!r} (available: {', '.join(formats)})")
    given = [ref for ref in (criteria_ref(c) for c in criteria) if ref]
    refs = criteria_refs(given or None, load_manifest(evidence_dir).criteria_ref(evidence_dir))
    if result_file is not None:
        require_file(result_file, "result file")
        result_bytes = result_file.read_bytes()
        try:
            result = __import__("json").loads(result_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise InvalidInputError([Problem(str(result_file), None, None, f"not a result JSON: {exc}")]) from None
        if not isinstance(result, dict) or "findings" not in result:
            raise InvalidInputError([Problem(str(result_file), None, None, "not a servex result")])
        stale = stale_evidence(result, list_evidence(evidence_dir))
        if stale:
            raise InvalidInputError([Problem(str(result_file), None, None,
                                             f"not a result of this evidence: {s}") for s in stale])
        other = other_criteria(result, refs, evidence_dir, plugins)
        if other:
            raise InvalidInputError([Problem(str(result_file), None, None, other)])
    else:
        result = assess(evidence_dir, plugins, criteria=refs, offline=offline, cache_dir=cache_dir).result
        if earlier is not None:
            from servex import compare_results

            result["since_baseline"] = compare_results(earlier, result)
        result_bytes = dumps_result(result).encode("utf-8")
    _check_baseline(result, earlier, baseline)
    done = make_bundle(output, evidence_dir, result, result_bytes, refs=refs, plugins=plugins,
                       report_formats=reports or DEFAULT_REPORTS, lang=lang or str(result.get("lang") or "en"),
                       with_evidence=with_evidence, baseline=baseline.read_bytes() if baseline else None)
    copies = " with copies" if with_evidence else ""
    info(f"wrote {output} ({len(done.evidence)} evidence file(s){copies}, sha256 {done.sha256})")
    return 0


def _check_baseline(result: dict[str, object], earlier: dict[str, object] | None, baseline: Path | None) -> None:
    """A result with a 'since the last assessment' section can only be proven with the baseline it was
    measured against; a baseline the section does not name would prove nothing."""
    from servex import InvalidInputError, Problem

    since = result.get("since_baseline")
    if isinstance(since, dict) and earlier is None:
        raise click.UsageError("the result was assessed against a baseline; give that result with --baseline OLD.json "
                               "so that verify can prove its 'since the last assessment' section")
    if earlier is not None and baseline is not None:
        named = (since or {}).get("baseline", {}) if isinstance(since, dict) else {}
        if not isinstance(since, dict) or named.get("id") != earlier.get("id"):
            raise InvalidInputError([Problem(str(baseline), None, None,
                                             "not the baseline the result was compared with")])


@click.command(
    name="verify", short_help="Check an audit bundle: every sha256, then a re-grade to the same result bytes."
)
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--evidence", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Check this evidence folder instead of the copies in the bundle (needed when it has none).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Cache for extracted text while re-grading (default: a fresh temporary folder).")
@verbosity_options
@click.pass_context
def verify_command(ctx: click.Context, bundle: Path, evidence: Path | None, cache_dir: Path | None) -> int:
    """Verify BUNDLE (from `servex bundle`): re-check every sha256, then re-grade offline and prove the same
    result bytes.

    \b
    Exit codes: 0 verified; 1 a file is tampered, missing or unexpected, or the re-graded result differs
    (one line per problem, naming the file); 2 usage (no evidence to check); 3 not a readable bundle;
    4 a plugin the re-grade needs is missing.
    """
    from servex._cli.checks import require_dir, require_file
    from servex._cli.console import info
    from servex._cli.state import plugins_of
    from servex.plugins.bundle._verify import verify_bundle

    require_file(bundle, "bundle")
    if evidence is not None:
        require_dir(evidence, "evidence folder")
    done = verify_bundle(bundle, plugins_of(ctx), evidence=evidence, cache_dir=cache_dir)
    info(f"verified {bundle} (sha256 {done.bundle_sha256}): {done.evidence_files} evidence file(s) match their "
         f"sha256; the re-graded result is identical (sha256 {done.result_sha256})")
    return 0
