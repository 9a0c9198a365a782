"""The summary `servex assess` prints at the end reads in the run's language, German included.

What was observed: with `--lang de` the level table kept the English level names and verdicts, the
counts line showed raw status ids (`not_met: 19`) and the readiness sentence stayed English, because
core's own summary knew English and French only. The reports plugin now renders it as the `text` format.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SERVEX = str(Path(sys.executable).with_name("servex"))
SAMPLE = Path(__file__).resolve().parents[2] / "evidence_samples" / "harbour-cycles"
RAW_IDS = ("not_met", "partially_met", "not_applicable", "not_assessed", "not_evidenced")
ENGLISH = ("Developing", "Not evidenced", "capped by", "gated by", "Next:", "Level", "Achieved", " no\n")
EXPECTED = {
    "de": ("Stufe", "Kernleistungsversprechen", "Nicht erfüllt: ", "Noch ist keine Stufe"),
    "fr": ("Niveau", "Proposition de service de base", "Non satisfait\u00a0: ", "Aucun niveau"),
}


def _assess(tmp_path: Path, lang: str) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SERVEX_LANG", "LC_ALL", "LANG")}
    env.update(SERVEX_CACHE_DIR=str(tmp_path / "cache"), SOURCE_DATE_EPOCH="1767225600")
    kept = tmp_path / f"summary-{lang}.txt"
    done = subprocess.run(
        [SERVEX, "assess", str(SAMPLE), "--offline", "--fail-on", "never", "--lang", lang, "-o", f"text:{kept}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr, kept.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_terminal_summary_is_in_the_run_language(tmp_path: Path, lang: str) -> None:
    printed, kept = _assess(tmp_path, lang)
    assert kept.strip() and kept in printed  # `-o text:` keeps exactly what the terminal showed
    for word in EXPECTED[lang]:
        assert word in kept, (word, kept)
    assert not [w for w in RAW_IDS if w in kept], kept
    assert not [w for w in ENGLISH if w in kept], kept
    rows = kept.splitlines()[1:5]
    assert [r.split()[0] for r in rows] == ["L1", "L2", "L3", "L4"]
    header = kept.splitlines()[0]
    column = header.index(EXPECTED[lang][0]) + len(header.split("  ")[0])
    assert all(len(r) >= column for r in rows)  # the columns line up under the header


def test_english_summary_names_statuses_in_words(tmp_path: Path) -> None:
    _, kept = _assess(tmp_path, "en")
    assert "Met: " in kept and "Not met: " in kept and "not_met" not in kept
    assert kept.splitlines()[-1].startswith(("No level of the pyramid", "Achieves"))



def test_a_failing_text_renderer_falls_back_to_the_core_summary(telecom: dict[str, Any]) -> None:
    """A plugin's broken `text` format must not stop `assess` before it writes its outputs."""
    from types import SimpleNamespace

    from servex._cli.summary import summary_lines

    def broken(result: object, options: object) -> bytes:
        raise RuntimeError("boom")

    plugins = SimpleNamespace(report_formats=lambda: {"text": SimpleNamespace(render=broken)})
    lines = summary_lines(telecom, "en", plugins=plugins)  # type: ignore[arg-type]
    assert lines[0].startswith("Level") and len(lines) == len(telecom["levels"]) + 3
