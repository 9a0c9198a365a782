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


#: the heading, and how each reason servex gives reads in the report's language (never the log's English)
LANGS = {
    "en": ("Files not used as evidence", "a data file no source reads", "not used as evidence, as it lists"),
    "fr": ("Fichiers non utilisés comme preuves", "fichier de données qu'aucune source ne lit",
           "non retenu comme preuve, car il reprend les critères"),
    "de": ("Nicht als Nachweis verwendete Dateien", "eine Datendatei, die keine Quelle liest",
           "nicht als Nachweis verwendet, da sie die Kriterien"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_files_not_used_are_listed_once_each_in_the_reports_language(telecom: dict[str, Any], lang: str) -> None:
    result = copy.deepcopy(telecom)
    result["log"] = [*(result.get("log") or []), *UNUSED]
    heading, no_source, listing = LANGS[lang]
    for name in ("md", "html"):
        text = FORMATS[name].render(result, RenderOptions(lang=lang))
        text = text.decode("utf-8").replace("&#39;", "'") if isinstance(text, bytes) else text.replace("&#39;", "'")
        assert heading in text, name
        assert text.count("data/misc.csv") == 1, name
        assert no_source in text and listing in text, name
        assert "reports/2025.pdf" in text, name
        if lang != "en":
            assert "no source reads it" not in text and "it names 12" not in text, name  # not the log's English
        assert "only the first part is read" not in text, name  # other warnings are not files left out


def test_no_section_when_every_file_was_used(telecom: dict[str, Any]) -> None:
    result = copy.deepcopy(telecom)
    result["log"] = [e for e in result.get("log") or [] if not str(e.get("message", "")).startswith("not used")]
    text = FORMATS["md"].render(result, RenderOptions(lang="en"))
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    assert "Files not used as evidence" not in text
