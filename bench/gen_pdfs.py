"""Generate many multi-page text PDFs quickly, for the PDF extraction benchmark.

A tiny PDF writer (Helvetica, WinAnsi text, Flate-compressed page streams, a correct xref table)
instead of a full renderer: 500 files take about a second, and the output is deterministic for a
seed, so every benchmark run extracts the same text.

    python bench/gen_pdfs.py OUT_DIR [--count 500] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import zlib
from pathlib import Path

__all__ = ["generate", "pdf_bytes"]

_VOCABULARY = (
    "customer service complaint réclamation reply réponse within days jours staff équipe training formation "
    "satisfaction survey enquête quality qualité standard charter charte escalation médiateur ombudsman "
    "feedback retour improvement amélioration branch agence phone téléphone email courriel response délai "
    "policy politique review revue monthly mensuel report rapport target objectif channel canal"
)
_WORDS = _VOCABULARY.split()


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: list[str]) -> bytes:
    body = b"".join(b"(" + _escape(line) + b") '\n" for line in lines)
    return zlib.compress(b"BT /F1 10 Tf 13 TL 50 800 Td\n" + body + b"ET\n")


def pdf_bytes(pages: list[list[str]], title: str, modified: str) -> bytes:
    """A valid PDF 1.4 file with one text page per entry of `pages` (each a list of lines)."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
    stamp = modified.replace("-", "").encode()
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + _escape(title) + b") /ModDate (D:" + stamp + b"000000Z) >>",
    ]
    for index, lines in enumerate(pages):
        stream = _page_stream(lines)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (6 + 2 * index)
        )
        header = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        objects.append(header + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def generate(out: Path, count: int = 500, seed: int = 7) -> list[Path]:
    """`count` PDFs of 3 to 10 pages of about 55 lines each; returns their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        pages = [
            [" ".join(rng.choices(_WORDS, k=rng.randint(8, 14))) for _line in range(55)]
            for _page in range(rng.randint(3, 10))
        ]
        path = out / f"doc-{number:04d}.pdf"
        path.write_bytes(pdf_bytes(pages, f"Document {number}", f"2025-{1 + number % 12:02d}-15"))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"wrote {len(generate(args.out, args.count, args.seed))} PDFs to {args.out}")


if __name__ == "__main__":
    main()
