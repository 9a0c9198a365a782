"""Golden images of the first three pages of the demo report (telecom sample, English PDF): cover, contents
and executive summary, rendered by pdftoppm at 24 dpi in grey and compared with the PNGs kept in
`tests/reports/golden/pages/`. A page may differ from its golden image in at most 0.5 % of its pixels
(by more than a quarter of the grey range), which absorbs anti-aliasing between poppler and FreeType
versions but not a moved heading, a wrapped title or a changed chart.

After an intended change of these pages, refresh the images and look at them before committing:
`SERVEX_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/reports/test_golden_pages.py`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

GOLDEN = Path(__file__).parent / "golden" / "pages"
PAGES = (1, 2, 3)
DPI = 24
MAX_SHARE = 0.005
MIN_DELTA = 64


def _render(pdf: bytes, folder: Path) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing: `make test` installs poppler-utils (make system-packages)")
        pytest.skip("pdftoppm is missing; `make system-packages` installs poppler-utils")
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(PAGES[0]), "-l", str(PAGES[-1]), str(source),
         str(folder / "page")],
        check=True, capture_output=True, timeout=60,
    )
    rendered = sorted(folder.glob("page-*.png"))
    assert len(rendered) == len(PAGES), rendered
    return [_load(path) for path in rendered]


def _load(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("L")


def differing_share(image: Image.Image, golden: Image.Image) -> float:
    """Share of pixels whose grey differs by more than MIN_DELTA; 1.0 when the sizes differ."""
    if image.size != golden.size:
        return 1.0
    histogram = ImageChops.difference(image.convert("L"), golden.convert("L")).histogram()
    return sum(histogram[MIN_DELTA + 1 :]) / (image.size[0] * image.size[1])


def test_first_pages_match_their_golden_images(telecom_pdfs: dict[str, bytes], tmp_path: Path) -> None:
    images = _render(telecom_pdfs["en"], tmp_path)
    if os.environ.get("SERVEX_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for number, image in zip(PAGES, images, strict=True):
            image.save(GOLDEN / f"en-page-{number}.png", optimize=True)
    for number, image in zip(PAGES, images, strict=True):
        golden = _load(GOLDEN / f"en-page-{number}.png")
        assert image.size == golden.size == (199, 281), (number, image.size, golden.size)
        share = differing_share(image, golden)
        if share > MAX_SHARE:
            image.save(tmp_path / f"actual-page-{number}.png")
            ImageChops.difference(image, golden).save(tmp_path / f"diff-page-{number}.png")
        assert share <= MAX_SHARE, f"page {number} differs in {share:.2%} of its pixels; see {tmp_path}"


def test_the_comparison_sees_a_real_change() -> None:
    """The tolerance is not so loose that another page, or a page with a line of text moved, would pass."""
    cover, contents, summary = (_load(GOLDEN / f"en-page-{n}.png") for n in PAGES)
    assert differing_share(cover, contents) > MAX_SHARE and differing_share(contents, summary) > MAX_SHARE
    shifted = ImageChops.offset(summary, 0, 3)  # everything three pixels (about 3 mm) lower
    assert differing_share(shifted, summary) > MAX_SHARE
    assert differing_share(summary, summary) == 0.0
