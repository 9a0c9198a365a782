"""`servex batch`: each site's result is the bytes of a single `servex assess`, on the process pool and on
a real Dask cluster of worker processes; a broken site is reported while the others complete; unchanged
sites are not run again, changed ones are; a bad portfolio file is one located line, exit 3."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from servex import ExitCode
from servex.testing import CliRun

Servex = Callable[..., CliRun]


def _single(servex: Servex, folder: Path, out: Path) -> bytes:
    run = servex("-q", "assess", folder, "-o", f"json:{out}", "--fail-on", "not_met")
    assert run.code in (0, 1), run.err
    return out.read_bytes()


def _summary(portfolio: Path) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((portfolio.parent / "results" / "batch-summary.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def _statuses(portfolio: Path) -> dict[str, str]:
    return {s["name"]: s["status"] for s in _summary(portfolio)["sites"]}


def _assert_same_as_single(servex: Servex, portfolio: Path, tmp_path: Path) -> None:
    sites = sorted(p for p in (portfolio.parent / "sites").iterdir() if (p / "servex.yaml").is_file())
    assert sites
    for folder in sites:
        batch = (portfolio.parent / "results" / "sites" / f"{folder.name}.json").read_bytes()
        assert batch == _single(servex, folder, tmp_path / f"single-{folder.name}.json"), folder.name


def test_process_pool_gives_the_bytes_of_single_runs_and_a_broken_site_does_not_stop_the_others(
    servex: Servex, portfolio: Path, tmp_path: Path
) -> None:
    broken = portfolio.parent / "sites" / "broken"
    broken.mkdir()
    (broken / "servex.yaml").write_text('format_version: "1"\norganisation: {name: Broken\n', encoding="utf-8")
    run = servex("batch", portfolio, "--workers", "2")
    assert run.code == ExitCode.INVALID_INPUT, run.err  # the highest site exit code: the broken manifest's
    summary = _summary(portfolio)
    assert summary["failed"] == ["broken"]
    failed = next(s for s in summary["sites"] if s["name"] == "broken")
    assert failed["exit_code"] == 3 and "servex.yaml" in failed["error"] and failed["result"] is None
    assert "broken: failed (exit 3)" in run.err
    assert not (portfolio.parent / "results" / "sites" / "broken.json").exists()
    assert {s["name"]: s["status"] for s in summary["sites"] if s["name"] != "broken"} == dict.fromkeys(
        ("lyon", "nantes", "paris"), "assessed"
    )
    broken.rename(tmp_path / "broken-aside")  # single runs of the good sites
    _assert_same_as_single(servex, portfolio, tmp_path)


@pytest.fixture
def dask_scheduler() -> Iterator[str]:
    """A real Dask cluster of two worker processes on 127.0.0.1, started and closed by the test."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_gives_the_bytes_of_single_runs(
    servex: Servex, portfolio: Path, tmp_path: Path, dask_scheduler: str
) -> None:
    run = servex("batch", portfolio, "--scheduler", dask_scheduler)
    assert run.code == ExitCode.GAPS_FOUND, run.err
    assert _statuses(portfolio) == dict.fromkeys(("lyon", "nantes", "paris"), "assessed")
    _assert_same_as_single(servex, portfolio, tmp_path)


def test_an_unreachable_scheduler_is_exit_2_and_runs_nothing(servex: Servex, portfolio: Path) -> None:
    dask = pytest.importorskip("dask")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):  # Dask's own setting, as users set it
        run = servex("batch", portfolio, "--scheduler", "tcp://127.0.0.1:9")
    assert run.code == ExitCode.USAGE_ERROR
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in run.err
    assert not (portfolio.parent / "results" / "sites").exists()


def test_unchanged_sites_are_skipped_and_a_changed_one_runs_again(
    servex: Servex, portfolio: Path, tmp_path: Path
) -> None:
    assert servex("batch", portfolio, "--workers", "1").code == ExitCode.GAPS_FOUND
    first = {p.name: p.read_bytes() for p in (portfolio.parent / "results" / "sites").iterdir()}
    again = servex("batch", portfolio, "--workers", "1")
    assert again.code == ExitCode.GAPS_FOUND  # the exit code still says what the results say
    assert _statuses(portfolio) == dict.fromkeys(("lyon", "nantes", "paris"), "unchanged")
    assert {p.name: p.read_bytes() for p in (portfolio.parent / "results" / "sites").iterdir()} == first
    manifest = portfolio.parent / "sites" / "nantes" / "servex.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("Mini Nantes", "Mini Nantes Est"), "utf-8")
    (portfolio.parent / "results" / "sites" / "paris.json").write_text("{}", encoding="utf-8")  # edited by hand
    servex("batch", portfolio, "--workers", "1")
    assert _statuses(portfolio) == {"lyon": "unchanged", "nantes": "assessed", "paris": "assessed"}
    assert b"Mini Nantes Est" in (portfolio.parent / "results" / "sites" / "nantes.json").read_bytes()
    _assert_same_as_single(servex, portfolio, tmp_path)
    assert servex("batch", portfolio, "--workers", "1", "--force").code == ExitCode.GAPS_FOUND
    assert _statuses(portfolio) == dict.fromkeys(("lyon", "nantes", "paris"), "assessed")
    portfolio.write_text(portfolio.read_text(encoding="utf-8") + "fail_on: never\n", encoding="utf-8")
    assert servex("batch", portfolio, "--workers", "1").code == ExitCode.OK  # a different option: all run again
    assert _statuses(portfolio) == dict.fromkeys(("lyon", "nantes", "paris"), "assessed")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("sites: [sites/*]\nworkers: 4\n", 2, "unknown key 'workers'"),
        ("output: results\n", 1, "missing required key 'sites'"),
        ("sites: [sites/*, nowhere/*]\n", 1, "no evidence folder matches 'nowhere/*'"),
        ("sites: [sites/*]\nfail_on: sometimes\n", 2, "fail_on"),
        ("sites: [sites/*]\ncriteria: [missing.yaml]\n", 2, "criteria set file not found"),
        ("sites: [sites/*]\noutput: sites/lyon/out\n", 2, "is inside the site"),
        ("sites: [sites/*\n", 2, "invalid YAML"),
    ],
)
def test_a_bad_portfolio_file_is_one_located_line_and_exit_3(
    servex: Servex, portfolio: Path, text: str, line: int, message: str
) -> None:
    portfolio.write_text(text, encoding="utf-8")
    run = servex("batch", portfolio)
    assert run.code == ExitCode.INVALID_INPUT, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {portfolio}:{line}"), run.err
    assert message in lines[0]
    assert not (portfolio.parent / "results").exists()


def test_a_site_that_kills_its_worker_fails_alone(
    servex: Servex, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).parent))  # spawned workers inherit the path
    (portfolio.parent / "sites" / "nantes" / "KILL").write_text("", encoding="utf-8")
    run = servex("-p", "worker_killer", "batch", portfolio, "--workers", "2")
    assert run.code == ExitCode.INTERNAL_ERROR, run.err
    summary = _summary(portfolio)
    assert summary["failed"] == ["nantes"]
    assert "worker process died" in next(s for s in summary["sites"] if s["name"] == "nantes")["error"]
    assert {s["name"]: s["status"] for s in summary["sites"] if s["name"] != "nantes"} == {
        "lyon": "assessed",
        "paris": "assessed",
    }


def test_a_missing_portfolio_file_is_a_usage_error_saying_where(servex: Servex, tmp_path: Path) -> None:
    run = servex("batch", tmp_path / "nope.yaml")
    assert run.code == ExitCode.USAGE_ERROR and "portfolio file not found" in run.err
