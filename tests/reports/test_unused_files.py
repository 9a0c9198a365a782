"""The report names the files that were not used as evidence (no source read them, or a collector left
them out), as the log does: a reader of the PDF or HTML must see what was not graded, not only the
terminal. Each file is named once."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from servex import RenderOptions
from servex.plugins.reports import servex_report_formats

FORMATS = {f.name: f for f in servex_report_formats()}
UNUSED = [
    {"level": "warning", "source": "datasets", "file": "data/misc.csv", "line": None,
     "message": "not used: data/misc.csv (no source reads it; add it to a datasets source in servex.yaml)"},
    {"level": "warning", "source": "documents", "file": "reports/2025.pdf", "line": None,
     "message": "not used as evidence: it names 12 or more servex-pyramid criteria by their ids"},
    {"level": "warning", "source": "documents", "file": "old.md", "line": None,
     "message": "only the first part is read"},
]


@pytest.mark.parametrize(("lang", "heading"), [("en", "Files not used as evidence"),
                                               ("fr", "Fichiers non utilisés comme preuves"),
                                               ("de", "Nicht als Nachweis verwendete Dateien")])
def test_files_not_used_are_listed_once_each(telecom: dict[str, Any], lang: str, heading: str) -> None:
    result = copy.deepcopy(telecom)
    result["log"] = [*(result.get("log") or []), *UNUSED]
    for name in ("md", "html"):
        text = FORMATS[name].render(result, RenderOptions(lang=lang))
        text = text.decode("utf-8") if isinstance(text, bytes) else text
        assert heading in text, name
        assert text.count("data/misc.csv") == 1, name  # the datasets message names it already
        assert "reports/2025.pdf — not used as evidence" in text, name
        assert "only the first part is read" not in text, name  # other warnings are not files left out


def test_no_section_when_every_file_was_used(telecom: dict[str, Any]) -> None:
    result = copy.deepcopy(telecom)
    result["log"] = [e for e in result.get("log") or [] if not str(e.get("message", "")).startswith("not used")]
    text = FORMATS["md"].render(result, RenderOptions(lang="en"))
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    assert "Files not used as evidence" not in text
