"""Pick the extractor for a file and turn any failure into a message, never a traceback.

:func:`extract` is a top-level function with picklable arguments and a JSON-safe result, so the
collector can run it in worker processes and store the result in the cache unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from servex.plugins.documents._language import guess_language
from servex.plugins.documents._model import Extracted, ExtractionError

__all__ = ["EXTRACTOR_VERSION", "MEDIA_TYPES", "Limits", "extract"]

#: Bump when extraction output changes, so cached text from an older servex is not reused.
#: 2: PDF line-end hyphens as "-", not U+FFFE; 3: hidden text out; 4: struck, comments; 5: PDF text no
#: reader sees (invisible, white on nothing, under a point, off the page) out; 6: struck or hidden ODT text out;
#: 7: Word text struck or hidden by its character or paragraph style out; 9: German guessed (the language
#: is cached with the text)
EXTRACTOR_VERSION = "9"

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".text": "text/plain",
}


@dataclass(frozen=True)
class Limits:
    max_chars: int  #: text kept per document
    max_unzipped: int  #: bytes an office file may inflate to
    max_pdf_inflated: int = 256 << 20  #: bytes the Flate streams of one PDF may inflate to
    max_xml_elements: int = 5_000_000  #: XML elements in one part of an office file

    @property
    def key(self) -> str:
        """What the cache keys on: a result depends on the limits it was extracted under."""
        return f"{self.max_chars}-{self.max_unzipped}-{self.max_pdf_inflated}-{self.max_xml_elements}"


def _dispatch(path: Path, suffix: str, limits: Limits) -> Extracted:
    if suffix == ".pdf":
        from servex.plugins.documents._extract_pdf import extract_pdf

        return extract_pdf(path, limits.max_chars, limits.max_pdf_inflated)
    if suffix in (".docx", ".xlsx", ".xlsm", ".odt"):
        from servex.plugins.documents import _extract_office as office

        reader = {".docx": office.extract_docx, ".odt": office.extract_odt}.get(suffix, office.extract_xlsx)
        return reader(path, limits.max_chars, limits.max_unzipped, limits.max_xml_elements)
    from servex.plugins.documents import _extract_text as text

    if suffix in (".html", ".htm"):
        return text.extract_html(path, limits.max_chars)
    if suffix in (".md", ".markdown"):
        return text.extract_markdown(path, limits.max_chars)
    return text.extract_plain(path, limits.max_chars)


def extract(path: str, limits: Limits) -> dict[str, Any]:
    """`{"text": <Extracted as JSON>}` or `{"error": message}` for one file (`retry` marks a failure
    that may not happen again, which the cache must not remember)."""
    target = Path(path)
    try:
        text = _dispatch(target, target.suffix.lower(), limits)
        language = guess_language(text.segments)
        if language:
            text.meta["language"] = language
        return {"text": text.to_json()}
    except ExtractionError as exc:
        return {"error": str(exc)}
    except MemoryError:
        return {"error": "ran out of memory while reading it; split or simplify the document", "retry": True}
    except Exception as exc:  # a library choking on a malformed file must not end the run
        return {"error": f"cannot be read ({type(exc).__name__}: {exc})"}
