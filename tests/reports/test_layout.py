"""Layout of the demo report in every language, checked on rendered pages: nothing is drawn in the
side margins (text pushed outside the printable area by a long word or a wide table), and no page is
left nearly blank (a last page holding only "None." was the observed case)."""

from __future__ import annotations

import pypdfium2
import pytest
from PIL import Image

MM_PER_PAGE = 210.0


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Pixels darker than light grey inside `box`."""
    return sum(image.crop(box).histogram()[:200])


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_nothing_outside_the_printable_area_and_no_blank_page(telecom_pdfs: dict[str, bytes], lang: str) -> None:
    document = pypdfium2.PdfDocument(telecom_pdfs[lang])
    try:
        for index in range(len(document)):
            image = document[index].render(scale=0.5, grayscale=True).to_pil().convert("L")
            width, height = image.size
            mm = width / MM_PER_PAGE
            # page margins are 16 mm at the sides; 14 mm leaves room for anti-aliasing
            assert _ink(image, (0, 0, int(14 * mm), height)) == 0, f"left margin, page {index + 1}"
            assert _ink(image, (width - int(14 * mm), 0, width, height)) == 0, f"right margin, page {index + 1}"
            body = (int(16 * mm), int(22 * mm), width - int(16 * mm), height - int(20 * mm))
            area = (body[2] - body[0]) * (body[3] - body[1])
            assert _ink(image, body) > 0.005 * area, f"page {index + 1} is nearly empty"
    finally:
        document.close()
