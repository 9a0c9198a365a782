"""The printable form as PDF: the HTML form laid out by WeasyPrint, for respondents who answer on paper.

The form is built from our own templates and holds no images or links, so the fetcher refuses every
URL: a criteria set's text (possibly a third party's) can never make servex open a file or a socket.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from servex import PluginError

__all__ = ["html_form_to_pdf"]

_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def _refusing_fetcher(weasyprint: Any) -> Any:
    class RefuseAll(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"a servex questionnaire form loads nothing; refused {url[:80]!r}")

    return RefuseAll(allowed_protocols=(), allow_redirects=False)


def html_form_to_pdf(html: str) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
            weasyprint = importlib.import_module("weasyprint")
            importlib.import_module("weasyprint.urls")
    except OSError as exc:
        raise PluginError(
            f"PDF forms need Pango and HarfBuzz ({exc}); on Debian/Ubuntu: apt-get install {_PACKAGES}"
        ) from None
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=_refusing_fetcher(weasyprint)).write_pdf()
    return pdf
