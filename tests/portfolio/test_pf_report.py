"""The portfolio report, rendered from site results alone: its level table, heat map, shared gaps and
distances are the results' own figures; `servex portfolio` and `servex batch` give the same bytes;
results graded on different sets are refused; every message is translated into French and German."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from servex import ExitCode
from servex.testing import CliRun

Servex = Callable[..., CliRun]
LOCALE = Path(__file__).resolve().parents[2] / "plugins" / "portfolio" / "locale"


@pytest.fixture
def batch(servex: Servex, portfolio: Path) -> Path:
    """The three sites assessed once, with the HTML and CSV portfolio reports; returns the results folder."""
    portfolio.write_text("sites: [sites/*]\noutput: results\nreports: [html, csv]\n", encoding="utf-8")
    run = servex("batch", portfolio, "--workers", "1")
    assert run.code == ExitCode.GAPS_FOUND, run.err
    return portfolio.parent / "results"


def _results(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "sites").glob("*.json"))}


def test_the_csv_gives_each_sites_levels_distance_and_statuses_from_its_result(batch: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((batch / "portfolio.csv").read_text(encoding="utf-8"))))
    results = _results(batch)
    assert [r["site"] for r in rows] == sorted(results)
    for row in rows:
        result = results[row["site"]]
        readiness = result["readiness"]
        nxt = readiness["next_level"] or {}
        assert row["organisation"] == result["organisation"]["name"]
        assert row["highest_level"] == (readiness["highest_level_achieved"] or "")
        assert row["next_level"] == (nxt.get("level") or "")
        assert row["in_the_way"].split() == nxt.get("criteria", [])
        assert float(row["overall_score"]) == pytest.approx(readiness["overall_score"], abs=0.05)
        for finding in result["findings"]:
            assert row[finding["criterion_id"]] == finding["status"]
    assert len({r["highest_level"] for r in rows}) > 1  # the generated sites really differ


def test_the_html_lists_the_gaps_most_sites_share_and_each_distance(batch: Path) -> None:
    html = (batch / "portfolio.html").read_text(encoding="utf-8")
    results = _results(batch)
    shared = html.split('id="shared"')[1].split('id="distance"')[0]
    gaps: dict[str, int] = {}
    for result in results.values():
        for f in result["findings"]:
            gaps[f["criterion_id"]] = gaps.get(f["criterion_id"], 0) + (f["status"] in ("not_met", "partially_met"))
    most = {cid for cid, n in gaps.items() if n > len(results) / 2}
    assert most, "the fixture sites are meant to share a gap"
    assert set(re.findall(r"<strong>(MINI-[\w-]+)</strong>", shared)) == most
    distance = html.split('id="distance"')[1].split('id="heatmap"')[0]
    for name, result in results.items():
        nxt = result["readiness"]["next_level"]
        row = distance.split(f"<td>{name}</td>")[1].split("</tr>")[0]
        if nxt is None:
            assert "every level in scope achieved" in row
        else:
            assert nxt["level"] in row and all(cid in row for cid in nxt["criteria"])
    heat = html.split('id="heatmap"')[1]
    assert heat.count('class="cell s-') == sum(len(r["findings"]) for r in results.values())


def test_servex_portfolio_renders_the_same_bytes_as_the_batch(servex: Servex, batch: Path, tmp_path: Path) -> None:
    files = sorted((batch / "sites").glob("*.json"))
    run = servex("portfolio", *files, "-o", f"csv:{tmp_path / 'p.csv'}", "-o", f"html:{tmp_path / 'p.html'}")
    assert run.code == 0, run.err
    assert (tmp_path / "p.csv").read_bytes() == (batch / "portfolio.csv").read_bytes()
    assert (tmp_path / "p.html").read_bytes() == (batch / "portfolio.html").read_bytes()


def test_the_pdf_carries_the_tables_and_the_french_html_is_french(servex: Servex, batch: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    files = sorted((batch / "sites").glob("*.json"))
    pdf, html = tmp_path / "p.pdf", tmp_path / "p.html"
    run = servex("portfolio", *files, "-o", f"pdf:{pdf}", "-o", f"html:{html}", "--lang", "fr")
    assert run.code == 0, run.err
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Distance au niveau suivant" in text and all(name in text for name in ("lyon", "nantes", "paris"))
    french = html.read_text(encoding="utf-8")
    assert "Niveaux par site" in french and "Levels by site" not in french


def test_results_of_different_criteria_sets_are_refused(servex: Servex, batch: Path, tmp_path: Path) -> None:
    other = json.loads((batch / "sites" / "paris.json").read_text(encoding="utf-8"))
    other["criteria_set"]["id"] = "another-set"
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    run = servex("portfolio", batch / "sites" / "lyon.json", tmp_path / "other.json", "-o", f"csv:{tmp_path / 'x.csv'}")
    assert run.code == ExitCode.INVALID_INPUT
    assert len(run.err.strip().splitlines()) == 1 and "one criteria set" in run.err
    assert not (tmp_path / "x.csv").exists()


def test_a_file_that_is_not_a_result_is_exit_3(servex: Servex, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"a": 1}', encoding="utf-8")
    run = servex("portfolio", tmp_path / "x.json", "-o", f"csv:{tmp_path / 'x.csv'}")
    assert run.code == ExitCode.INVALID_INPUT and "not a servex result" in run.err


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_every_portfolio_message_is_in_the_template_and_translated(lang: str) -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    keywords = {"_": None, "n_": (1, 2), "N_": None}
    used = {m for _f, _l, m, _c, _x in extract_from_dir(str(LOCALE.parent), keywords=keywords)}
    with (LOCALE / "portfolio.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert used == template, "regenerate the template: the pybabel command in docs/scale.md"
    with (LOCALE / lang / "LC_MESSAGES" / "portfolio.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    for message in template:
        translated = catalogue.get(message)
        assert translated is not None and translated.string and not translated.fuzzy, message
        assert _fields(str(translated.string)) == _fields(str(message)), message
