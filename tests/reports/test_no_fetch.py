"""Evidence text is untrusted: in HTML and PDF it must show as text, and the PDF engine must fetch
nothing but our own assets, whatever a document (or a future template bug) references.

A real loopback HTTP server records every request; the assertions are that it saw none.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pypdf
import pytest
from report_support import synthetic
from servex import ExitCode, PluginError, RenderOptions, ReportError
from servex.plugins.reports import _pdf, servex_report_formats
from servex.plugins.reports._pdf import ASSETS, allowed, html_to_pdf
from servex.testing import CliRun


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    _Recorder.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _hostile(base: str, secret: Path) -> str:
    return (
        f'<img src="{base}/snippet.png"> <link rel="stylesheet" href="{base}/x.css">'
        f'<img src="file://{secret}"> see file:///etc/passwd <script>alert(1)</script>'
    )


def _formats() -> dict[str, Any]:
    return {f.name: f for f in servex_report_formats()}


def test_hostile_snippet_is_text_in_html_and_pdf(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, seen = server
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not really a png")
    result = synthetic(_hostile(base, secret))
    html = _formats()["html"].render(result, RenderOptions(lang="en")).decode()
    assert "<img" not in html.split("</style>", 1)[1] and "<script>alert" not in html
    assert html.count("<script") == 1  # our own inline script only, which the page's policy names by hash
    assert f"&lt;img src=&#34;{base}/snippet.png&#34;&gt;" in html
    assert "Acme &lt;Services&gt; &amp; Co" in html
    pdf = _formats()["pdf"].render(result, RenderOptions(lang="en"))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages)
    assert f"<img src=\"{base}/snippet.png\">" in " ".join(text.split())
    assert seen == []


def test_fetcher_refuses_everything_but_assets_even_in_raw_html(server: tuple[str, list[str]], tmp_path: Path) -> None:
    """Bypass escaping entirely: the fetcher alone must stop network and file reads."""
    base, seen = server
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    traversal = (ASSETS / "fonts" / ".." / ".." / ".." / "_pdf.py").as_uri()
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/raw.css"><link rel="stylesheet" href="{secret.as_uri()}">'
        f'<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png") }}</style></head>'
        f'<body><img src="{base}/raw.png"><img src="file:///etc/passwd"><img src="{traversal}">'
        f'<object data="{base}/object"></object><p>text</p></body></html>'
    )
    pdf = html_to_pdf(html, identifier=b"0" * 32, created=datetime(2026, 1, 1, tzinfo=UTC))
    assert pdf.startswith(b"%PDF") and seen == []


def test_allowed_urls() -> None:
    font = ASSETS / "fonts" / "DejaVuSans.ttf"
    assert allowed(font.as_uri()) == font
    assert allowed("file:///etc/passwd") is None
    assert allowed((ASSETS / "fonts" / ".." / ".." / "_pdf.py").as_uri()) is None
    assert allowed("http://127.0.0.1/fonts/DejaVuSans.ttf") is None
    assert allowed(f"file://evil.example{font}") is None
    fetcher = _pdf.make_fetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch("https://example.org/x.png")
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"


def test_missing_pango_is_one_actionable_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servex_cli: Callable[..., CliRun]
) -> None:
    """Without Pango, the PDF fails with one line naming the packages (exit 4); other outputs are written."""

    def broken(name: str) -> Any:
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(_pdf, "importlib", SimpleNamespace(import_module=broken))
    with pytest.raises(PluginError) as caught:
        _formats()["pdf"].render(synthetic(), RenderOptions(lang="en"))
    message = str(caught.value)
    assert "\n" not in message and "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in message
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(synthetic()), encoding="utf-8")
    run = servex_cli("report", saved, "-o", f"md:{tmp_path / 'r.md'}", "-o", f"pdf:{tmp_path / 'r.pdf'}")
    assert run.code == ExitCode.PLUGIN_ERROR and "Traceback" not in run.err
    assert [line for line in run.err.splitlines() if line.startswith("error:")] == [
        line for line in run.err.splitlines() if "libpango-1.0-0 libpangoft2-1.0-0" in line
    ]
    assert (tmp_path / "r.md").exists() and not (tmp_path / "r.pdf").exists()


def test_unknown_variant_is_a_report_error() -> None:
    with pytest.raises(ReportError, match="pdf/a-3u"):
        _formats()["pdf"].render(synthetic(), RenderOptions(lang="en", pdf_variant="pdf/z-9"))
