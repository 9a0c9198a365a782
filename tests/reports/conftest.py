"""Fixtures for the HTML/PDF report tests: the synthetic result, and the telecom sample assessed once."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from report_support import EPOCH, REPO, run_servex, synthetic

_SYNTHETIC = synthetic()


@pytest.fixture
def result() -> dict[str, Any]:
    return copy.deepcopy(_SYNTHETIC)


@pytest.fixture(scope="session")
def telecom_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The telecom sample assessed once per session (about a second)."""
    tmp = tmp_path_factory.mktemp("telecom")
    done = run_servex(
        "assess",
        str(REPO / "evidence_samples/telecom-operator"),
        "-o",
        "json:result.json",
        "--fail-on",
        "never",
        cwd=tmp,
    )
    assert done.returncode == 0, done.stderr
    return tmp / "result.json"


@pytest.fixture(scope="session")
def telecom(telecom_file: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(telecom_file.read_text(encoding="utf-8"))
    return data


SAMPLES = ("telecom-operator", "hotel-group", "public-service-fr", "cfpb-complaints", "harbour-cycles")


@pytest.fixture(scope="session")
def sample_results(tmp_path_factory: pytest.TempPathFactory, telecom: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every shipped sample assessed once per session (the telecom one is shared with the other tests)."""
    results = {"telecom-operator": telecom}
    for name in SAMPLES[1:]:
        tmp = tmp_path_factory.mktemp(name)
        done = run_servex(
            "assess", str(REPO / "evidence_samples" / name), "-o", "json:result.json", "--fail-on", "never", cwd=tmp
        )
        assert done.returncode == 0, done.stderr
        results[name] = json.loads((tmp / "result.json").read_text(encoding="utf-8"))
    return results


@pytest.fixture(scope="session")
def telecom_pdfs(telecom: dict[str, Any]) -> dict[str, bytes]:
    """The telecom report once per language and variant: en PDF/A-3u, fr plain, de tagged PDF/UA-1."""
    from servex import RenderOptions
    from servex.plugins.reports import servex_report_formats

    pdf = {f.name: f for f in servex_report_formats()}["pdf"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {
            lang: pdf.render(telecom, RenderOptions(lang=lang, pdf_variant=variant))
            for lang, variant in (("en", "pdf/a-3u"), ("fr", None), ("de", "pdf/ua-1"))
        }
