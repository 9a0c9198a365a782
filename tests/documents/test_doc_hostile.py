"""Documents built to exhaust memory are refused or read in bounded memory; a dataset is never a document.

Reproduces issue 14: a small PDF whose content stream inflates far beyond its size, a DOCX that
passes the zip-bomb checks but whose body is hundreds of megabytes of XML, a FIFO with a document's
name. The big files are generated here, and peak memory is read from the real command in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from docfiles import pdf_of_objects, write_docx

PROBE = (
    "import json, resource, subprocess, sys\n"
    "run = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps([run.returncode, run.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024]))\n"
)
MANIFEST = 'format_version: "1"\norganisation: {name: Bomb Ltd}\nperiod: {start: "2025-01-01", end: "2025-12-31"}\n'


def _assess(folder: Path, tmp_path: Path) -> tuple[dict, int]:  # type: ignore[type-arg]
    """The result and the peak RSS (MiB) of `servex assess` on `folder`, run as a user runs it."""
    (folder / "servex.yaml").write_text(MANIFEST, encoding="utf-8")
    out = tmp_path / "r.json"
    command = [sys.executable, "-m", "servex", "assess", str(folder), "-o", f"json:{out}", "--fail-on", "never"]
    env = {**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, env=env, timeout=300, check=True
    )
    code, err, peak = json.loads(done.stdout)
    assert code == 0 and "Traceback" not in err, err
    return json.loads(out.read_text(encoding="utf-8")), peak


def _write_pdf(path: Path, body: bytes, filters: bytes = b"/FlateDecode") -> None:
    """A valid one-page PDF whose content stream is `body`, compressed with `filters`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(body), filters) + body + b"\nendstream",
    ]
    path.write_bytes(pdf_of_objects(objects))


def _pdf_bomb(path: Path, inflated: int) -> None:
    """A one-page PDF whose content stream inflates to `inflated` bytes (a few hundred KB on disk)."""
    packer = zlib.compressobj(1)
    chunk = b"0 0 m 1 1 l S\n" * 4096
    body = b"".join(packer.compress(chunk) for _ in range(inflated // len(chunk))) + packer.flush()
    _write_pdf(path, body)


def test_a_pdf_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "good.md").write_text("# Complaints\n\nWe answer every complaint.\n")
    _pdf_bomb(folder / "bomb.pdf", 320 << 20)  # the was 1 GB; anything past the 256 MB limit will do
    assert (folder / "bomb.pdf").stat().st_size < 8 << 20
    result, peak = _assess(folder, tmp_path)
    errors = [e for e in result["log"] if e["level"] == "error"]
    assert [e["file"] for e in errors] == ["bomb.pdf"] and "SERVEX_MAX_PDF_INFLATED_MB" in errors[0]["message"]
    assert [e["provenance"]["source"] for e in result["evidence"]] == ["good.md"]
    assert peak < 1024, peak


def _big_docx(path: Path, body_bytes: int) -> None:
    """A DOCX whose body is `body_bytes` of ordinary, varied paragraphs: it passes every zip-bomb check."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{w}"><w:body>'.encode())
            # one block of varied paragraphs, repeated: deflate's 32 KB window cannot see the repeats, so
            # the part compresses like real prose (well under the 200:1 zip-bomb ratio)
            block = "".join(
                f"<w:p><w:r><w:t>Clause {i}: complaint {i * 7919 % 100003} answered in {i % 97} days.</w:t></w:r></w:p>"
                for i in range(20000)
            ).encode()
            for _ in range(body_bytes // len(block)):
                part.write(block)
            part.write(b"</w:body></w:document>")


@pytest.mark.slow
def test_a_docx_with_a_huge_body_is_read_in_bounded_memory(tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    _big_docx(folder / "big.docx", 120 << 20)
    result, peak = _assess(folder, tmp_path)
    item = next(e for e in result["evidence"] if e["provenance"]["source"] == "big.docx")
    assert item["attributes"]["truncated"]  # the text budget was spent: the rest was never parsed
    assert peak < 1024, peak


def test_the_xml_element_limit_is_a_setting(collect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    write_docx(folder / "a.docx", [("Normal", f"Paragraph {i}") for i in range(200)])
    monkeypatch.setenv("SERVEX_MAX_XML_ELEMENTS", "100")
    items, ctx = collect(folder)
    assert not items
    assert [(e.file, "SERVEX_MAX_XML_ELEMENTS" in e.message) for e in ctx.log] == [("a.docx", True)]


def test_the_manifest_cannot_raise_a_limit_above_its_setting(
    collect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "big.txt").write_text("x" * 300_000)
    monkeypatch.setenv("SERVEX_MAX_DOCUMENT_MB", "0.1")
    items, ctx = collect(folder, config={"max_file_mb": 10_000})
    assert not items and "document limit" in ctx.log[0].message


def test_a_fifo_named_like_a_document_is_refused(collect, tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    os.mkfifo(folder / "policy.pdf")
    items, ctx = collect(folder)
    assert not items and [(e.file, e.message) for e in ctx.log] == [("policy.pdf", "not a regular file; ignored")]


def test_a_datasets_export_is_never_read_as_a_document(collect, tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "register.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "good.md").write_text("# Complaints\n")
    manifest = {
        "sources": [
            {
                "name": "register",
                "collector": "datasets",
                "config": {"files": [{"path": "data/register.xlsx", "dataset": "complaints"}]},
            }
        ]
    }
    items, ctx = collect(folder, manifest)
    assert [i.provenance.source for i in items] == ["good.md"] and not ctx.log


def _pdf_with_stream(path: Path, inflated: int) -> None:
    """A valid one-page PDF whose content stream is `inflated` bytes of drawing operators that compress
    like real content (a page of a scan, a chart, an embedded font): far below any bomb limit, and a
    file large enough (over 130 KB) that no size shortcut skips the inflation check."""
    import random

    draw = random.Random(7)
    content = b"".join(
        b"%d %d m %d %d l S\n" % tuple(draw.randrange(10_000) for _ in range(4)) for _ in range(inflated // 20)
    )
    body = zlib.compress(content, 9)
    _write_pdf(path, body)


def test_a_pdf_with_an_ordinary_large_stream_is_read_not_hung_on(tmp_path: Path) -> None:
    """What was observed: the bomb pre-check looped for ever on any stream that inflates past 64 KB (an
    embedded font, an image, a long page) once the stream had ended; servex's own PDF report hung it."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    _pdf_with_stream(folder / "chart.pdf", 600_000)
    assert (folder / "chart.pdf").stat().st_size > 130_000
    (folder / "servex.yaml").write_text(MANIFEST, encoding="utf-8")
    out = tmp_path / "r.json"
    command = [sys.executable, "-m", "servex", "assess", str(folder), "-o", f"json:{out}", "--fail-on", "never"]
    env = {**os.environ, "SERVEX_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [e["provenance"]["source"] for e in result["evidence"]] == ["chart.pdf"]
    assert not [e for e in result["log"] if e["level"] == "error"]


def _layered(content: bytes, layers: int) -> tuple[bytes, int]:
    """`content` deflated `layers` times, and the size of the largest layer inflating it gives back."""
    largest = 0
    for _ in range(layers):
        largest = max(largest, len(content))
        content = zlib.compress(content, 6)
    return content, largest


def test_the_pre_check_counts_every_zlib_layer_of_a_stream() -> None:
    """A stream's size is its largest layer's, however many `/FlateDecode` filters are chained; bytes that
    only look like a zlib header, and what follows the stream, change nothing."""
    import mmap
    import random

    from servex.plugins.documents._extract_pdf import _inflated

    draw = random.Random(3)
    for layers in (1, 2, 3):
        for size in (10, 70_000, 400_000):
            content = bytes(draw.randrange(256) for _ in range(size // 4)) + b" " * (size - size // 4)
            for lead in (b"", b"x^", b"x\x9c"):  # content that opens like a zlib stream but is not one
                packed, largest = _layered(lead + content, layers)
                stream = b"stream\n" + packed + b"\nendstream\nendobj\n" + b"9 0 obj" * 30
                with mmap.mmap(-1, len(stream)) as data:
                    data.write(stream)
                    assert _inflated(data, 7, 1 << 30) == largest, (layers, size, lead)


def test_a_tiny_pdf_whose_stream_is_deflated_twice_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """What was observed: 2 KB holding a gigabyte behind `/Filter [/FlateDecode /FlateDecode]` passed the
    pre-check (one layer: a megabyte) and PDFium then inflated all of it (2 GB of memory)."""
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "good.md").write_text("# Complaints\n\nWe answer every complaint.\n")
    packer = zlib.compressobj(9)
    once = b"".join(packer.compress(b" " * (1 << 20)) for _ in range(320)) + packer.flush()
    body = zlib.compress(once, 9)
    _write_pdf(folder / "tiny.pdf", body, b"[/FlateDecode /FlateDecode]")
    assert (folder / "tiny.pdf").stat().st_size < 4096
    result, peak = _assess(folder, tmp_path)
    errors = [e for e in result["log"] if e["level"] == "error"]
    assert [e["file"] for e in errors] == ["tiny.pdf"] and "SERVEX_MAX_PDF_INFLATED_MB" in errors[0]["message"]
    assert [e["provenance"]["source"] for e in result["evidence"]] == ["good.md"]
    assert peak < 300, peak


def test_markdown_full_of_unclosed_struck_or_hidden_tags_is_read_not_hung_on(tmp_path: Path) -> None:
    """What was observed: leaving out struck and hidden raw HTML with one pattern (`<del>.*?</del>`) looked
    for each opening's end tag to the end of the file: 8,000 unclosed `<del>` took 6 s, and the time grows
    with their square, so a 1 MB Markdown file of them would hold a run for hours."""
    from servex.plugins.documents._extract_text import extract_markdown

    text = "# Policy\n\nWe reply within 5 days.\n\n" + "<del>x <b hidden>y <s>z\n" * 50_000
    (tmp_path / "policy.md").write_text(text, encoding="utf-8")
    probe = (
        "import sys; from pathlib import Path; from servex.plugins.documents._extract_text import extract_markdown; "
        "print(len(extract_markdown(Path(sys.argv[1]), 4_000_000).segments))"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "policy.md")], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "We reply within 5 days." in " ".join(
        t for _w, t in extract_markdown(tmp_path / "policy.md", 4_000_000).segments
    )
