"""PDF of the gap analysis through WeasyPrint, with a URL fetcher that loads only our own assets.

Why a restricted fetcher: WeasyPrint fetches whatever a document references (http:, https:, file:).
Our HTML is escaped, so evidence cannot add references; the fetcher is the second wall, should a
template or a future change ever let one through: a report must never read `/etc/passwd` into a PDF or
call an internal URL from the machine that renders it. Only files under `assets/` (the shipped fonts)
and `data:` URLs are served; everything else is refused before any I/O.

Why WeasyPrint is imported here, lazily: it loads Pango through cffi, which is slow and may be missing;
`servex --help` must not pay for it, and a missing Pango must cost only the PDF output, with one line
saying what to install.
"""

from __future__ import annotations

import hashlib
import importlib
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

from servex import PluginError, ReportError, dumps_result
from servex.plugins.reports._html_tree import report_document
from servex.plugins.reports._pdf_once import serialise_once
from servex.plugins.reports._ua_sheet import lean_html_class

__all__ = ["ASSETS", "PANGO_PACKAGES", "allowed", "html_to_pdf", "make_fetcher", "render_pdf"]

ASSETS = (Path(__file__).parent / "assets").resolve()
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
VARIANTS = ("pdf/a-3u", "pdf/ua-1")


def _weasyprint() -> ModuleType:
    try:
        with warnings.catch_warnings():
            # Without libharfbuzz-subset0, WeasyPrint warns on import and subsets fonts with fontTools
            # (slower, same output). The fix is a system package, named in docs/reports.md; a Python
            # warning would only turn into an error in strict test runs, which is no help to a user.
            warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
            return importlib.import_module("weasyprint")
    except OSError as exc:  # cffi could not dlopen Pango/HarfBuzz: the renderer cannot run here (exit 4)
        raise PluginError(
            f"PDF output needs Pango and HarfBuzz, which are missing ({exc}); on Debian/Ubuntu: "
            f"apt-get install {PANGO_PACKAGES}"
        ) from exc
    except ImportError as exc:
        raise PluginError(f"PDF output needs WeasyPrint: pip install 'weasyprint>=68' ({exc})") from exc


def allowed(url: str, root: Path = ASSETS) -> Path | None:
    """The local file a `file:` URL names, if it lies inside `root`; None for anything else."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def make_fetcher(root: Path = ASSETS) -> Any:
    """A WeasyPrint URLFetcher that serves `data:` URLs and files under `root`, and refuses the rest."""
    _weasyprint()  # the one-line error when Pango is missing, before importing from it
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Refuses before opening anything: no socket, no file outside `root`."""

        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            path = allowed(url, root)
            if path is None:
                raise ValueError(f"servex reports load only their own assets; refused {url[:80]!r}")
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": _media_type(path)})

    return AssetsOnlyFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def _media_type(path: Path) -> str:
    types = {".ttf": "font/ttf", ".svg": "image/svg+xml", ".css": "text/css"}
    return types.get(path.suffix, "application/octet-stream")


def html_to_pdf(
    html: str, *, identifier: bytes, created: datetime, variant: str | None = None, attachment: bytes | None = None
) -> bytes:
    """Lay out `html` (base URL: the assets folder) and write the PDF, deterministically.

    Everything that would otherwise vary between runs is pinned: the file identifier, the dates of the
    attachment (the document's dates come from its `dcterms` meta elements).
    """
    weasyprint = _weasyprint()
    if variant is not None and variant not in VARIANTS:
        raise ReportError(f"unknown PDF variant {variant!r} (available: {', '.join(VARIANTS)})")
    fetcher = make_fetcher()
    attachments = []
    if attachment is not None:
        attachments.append(
            weasyprint.Attachment(
                string=attachment,
                name="result.json",
                description="servex result (source of this report)",
                created=created,
                modified=created,
                relationship="Source",
                url_fetcher=fetcher,
            )
        )
    document = report_document(lean_html_class(), html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it; the warning is its own bug,
        # harmless (the file is read-only and closed by the garbage collector), and not the user's concern.
        warnings.filterwarnings("ignore", message="unclosed file .*sRGB2014", category=ResourceWarning)
        pdf: bytes = document.write_pdf(
            pdf_identifier=identifier, pdf_variant=variant, attachments=attachments or None, uncompressed_pdf=False,
            finisher=serialise_once,
        )
    return pdf


def render_pdf(result: Mapping[str, Any], lang: str, variant: str | None) -> bytes:
    """The gap analysis as PDF, the result JSON attached (both variants: the PDF carries its source)."""
    from servex.plugins.reports._html import render_html

    html = render_html(result, lang, for_pdf=True)
    identifier = hashlib.sha256(f"servex-report:{result.get('id', '')}:{lang}".encode()).hexdigest()[:32].encode()
    data = dumps_result(result).encode("utf-8")  # the result file's exact bytes
    return html_to_pdf(html, identifier=identifier, created=_created(result), variant=variant, attachment=data)


def _created(result: Mapping[str, Any]) -> datetime:
    stamp = str(result.get("generated_at") or "1970-01-01T00:00:00Z").replace("Z", "+00:00")
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        when = datetime(1970, 1, 1, tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
