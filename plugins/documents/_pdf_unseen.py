"""Which text objects of a PDF page no reader sees: drawn, but invisibly, in white, too small or off the page.

A PDF can carry text that PDFium's text page reads like any other although nothing of it shows on the
page: text in render mode 3 (invisible) or 7 (clip only), text filled in white (or fully transparent)
over nothing, type far below a point, text placed outside the page's visible box. Read as evidence, such
text would lift grades with words nobody was shown, as hidden HTML or hidden Word text would.

An invisible text layer over a scanned page is what OCR produces on purpose: the page's image shows the
words and the invisible text is their transcription, so on a page with an image, invisible and
transparent text is read. White text is read over an image too, and over a filled, coloured path or a
gradient whose box holds the text's box (a white heading on a coloured banner). A form XObject drawn
fully transparent (CSS `opacity: 0`) hides all its text. Not modelled: clipping paths, soft masks and
blend modes, and text hidden under an opaque shape drawn after it.

Speed (issue 21 is about PDF extraction speed): a text object costs five PDFium calls (the object, its
render mode, font size, matrix and fill colour), bound cheaply in :mod:`._pdf_calls`. A page is first
read in bulk (:func:`_plainly_shown`: the calls mapped over all its objects in C, the values judged by
a few extremes) and walked object by object only when something on it may be hidden; a box is read
only for text that starts off the page or is white.
"""

from __future__ import annotations

import ctypes
import math
from array import array
from collections import deque
from collections.abc import Callable
from itertools import compress, repeat
from typing import Any

from servex.plugins.documents._pdf_calls import FORM, IMAGE, PATH, SHADING, TEXT_STATE, Calls, bound

__all__ = ["shown_runs", "unseen_objects"]

_INVISIBLE = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE, FPDF_TEXTRENDERMODE_CLIP
_STROKED = {1, 2, 5, 6}  # modes that outline the glyphs
_FILLED = {0, 2, 4, 6}  # modes that fill them
_NEAR_WHITE = 243  # every channel at least 0.95 of 255
_SMALLEST_SQUARED = 1.0**2  # under 1 pt (either way), text is a speck, not something a reader reads
_DEPTH = 8  # form XObjects inside form XObjects: PDFium refuses cycles; real files nest two or three

Matrix = tuple[float, float, float, float, float, float]


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` followed by `outer` (PDF's row-vector convention: p' = p × inner × outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _box(calls: Calls, obj: int, matrix: Matrix | None) -> tuple[float, float, float, float]:
    """The object's box (left, bottom, right, top) on the page: objects inside a form XObject report
    theirs in the form's space, which `matrix` carries to the page's."""
    at = calls.box_at
    calls.bounds(obj, at[0], at[1], at[2], at[3])
    left, bottom, right, top = calls.box
    if matrix is None:
        return left, bottom, right, top
    a, b, c, d, e, f = matrix
    xs = [x * a + y * c + e for x in (left, right) for y in (bottom, top)]
    ys = [x * b + y * d + f for x in (left, right) for y in (bottom, top)]
    return min(xs), min(ys), max(xs), max(ys)


def _pale(calls: Calls, getter: Callable[..., Any], obj: int) -> tuple[bool, bool]:
    """(near white, fully transparent) for the colour `getter` reads; an object without one is neither."""
    at, colour = calls.colour_at, calls.colour
    if not getter(obj, at[0], at[1], at[2], at[3]):
        return False, False
    white = colour.red >= _NEAR_WHITE and colour.green >= _NEAR_WHITE and colour.blue >= _NEAR_WHITE
    return white, colour.alpha == 0


class _Page:
    """What one walk over a page's objects finds; the verdicts that need the whole page come after."""

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        self.box = box  #: left, bottom, right, top of what a viewer shows
        self.image = False
        self.tiny: list[int] = []
        self.invisible: list[int] = []  #: render mode 3 or 7, or fully transparent
        #: (object, how many paths and shadings were drawn before it, matrix)
        self.white: list[tuple[int, int, Matrix | None]] = []
        #: paths and shadings (object, matrix, kind) in drawing order, in case something white is over one
        self.fills: list[tuple[int, Matrix | None, int]] = []
        self.outside: list[tuple[int, Matrix | None]] = []  #: text that starts off the page


def _walk(calls: Calls, holder: int, matrix: Matrix | None, seen: _Page, depth: int, clear: bool = False) -> None:
    """Sort the text objects under `holder` (the page, or a form XObject when `depth` > 0; `clear` when
    that form is drawn fully transparent) by what may hide them, and note the images, paths and
    shadings.

    The hot loop of PDF extraction: a text object costs five calls (the object, its render mode, font
    size, matrix and fill colour) and one unpack of the values; everything else is rare."""
    count, get = (calls.form_count, calls.form_get) if depth else (calls.count, calls.get)
    mode_of, fill, size_of, matrix_of = calls.mode, calls.fill, calls.size, calls.matrix
    m, m_at, colour_at, font_size_at = calls.m, calls.m_at, calls.colour_at, calls.font_size_at
    state, unpack = calls.text_state, TEXT_STATE.unpack_from
    left, bottom, right, top = seen.box
    for index in range(count(holder)):
        obj = get(holder, index)
        mode = mode_of(obj)  # -1 for anything that is not text: one call tells text from the rest
        if mode < 0:
            kind = calls.kind(obj)
            if kind == IMAGE:
                seen.image = True
            elif kind in (PATH, SHADING):
                seen.fills.append((obj, matrix, kind))
            elif kind == FORM and depth < _DEPTH:
                matrix_of(obj, m_at)
                inner = (m.a, m.b, m.c, m.d, m.e, m.f)
                # drawn fully transparent (CSS `opacity: 0` in WeasyPrint's output), nothing in it shows
                hidden = clear or _pale(calls, fill, obj)[1]
                inner = inner if matrix is None else _then(inner, matrix)
                _walk(calls, obj, inner, seen, depth + 1, hidden)
            continue
        if clear:
            seen.invisible.append(obj)
            continue
        size_of(obj, font_size_at)
        matrix_of(obj, m_at)
        coloured = fill(obj, colour_at[0], colour_at[1], colour_at[2], colour_at[3])
        size, a, b, c, d, e, f, red, green, blue, alpha = unpack(state)
        if not coloured:  # no colour to read: judged as drawn in black, not by the last object's colour
            red = green = blue = 0
            alpha = 255
        if matrix is not None:
            a, b, c, d, e, f = _then((a, b, c, d, e, f), matrix)
        # the smaller of the glyphs' width and height scales, times the font size: under 1 pt is a speck
        size *= size  # compared in squares, which spares two square roots per object
        if size * (a * a + b * b) < _SMALLEST_SQUARED or size * (c * c + d * d) < _SMALLEST_SQUARED:
            seen.tiny.append(obj)
            continue
        if not (left <= e <= right and bottom <= f <= top):
            seen.outside.append((obj, matrix))  # starts off the page: its box says whether it ends there
        if mode == 0:  # filled, as nearly all text is
            if alpha == 0:
                seen.invisible.append(obj)
            elif red >= _NEAR_WHITE and green >= _NEAR_WHITE and blue >= _NEAR_WHITE:
                seen.white.append((obj, len(seen.fills), matrix))
            continue
        if mode in _INVISIBLE:
            seen.invisible.append(obj)
            continue
        # outlined (and maybe filled): what a mode does not paint shows nothing by it
        fill_white, fill_clear = _pale(calls, fill, obj) if mode in _FILLED else (True, True)
        stroke_white, stroke_clear = _pale(calls, calls.stroke, obj) if mode in _STROKED else (True, True)
        if fill_clear and stroke_clear:
            seen.invisible.append(obj)
        elif (fill_white or fill_clear) and (stroke_white or stroke_clear):
            seen.white.append((obj, len(seen.fills), matrix))


def _under(calls: Calls, seen: _Page, obj: int, before: int, matrix: Matrix | None) -> bool:
    """Whether a filled path that is not itself white or transparent, or a shading (a gradient), is drawn
    before the text object and its box holds the text's box: white type on a coloured banner is read."""
    left, bottom, right, top = _box(calls, obj, matrix)
    for path, path_matrix, kind in seen.fills[:before]:
        if kind == PATH:
            calls.draw_mode(path, calls.fill_mode_at[0], calls.fill_mode_at[1])
            if not calls.fill_mode[0] or any(_pale(calls, calls.fill, path)):
                continue
        p_left, p_bottom, p_right, p_top = _box(calls, path, path_matrix)
        if p_left <= left and p_bottom <= bottom and right <= p_right and top <= p_top:
            return True
    return False


def _page_box(calls: Calls, page: int) -> tuple[float, float, float, float]:
    """What a viewer shows of the page (crop box within media box): left, bottom, right, top."""
    if not calls.page_box(page, calls.box_at[0]):
        return -math.inf, -math.inf, math.inf, math.inf
    left, top, right, bottom = calls.box  # FS_RECTF's order
    return left, min(bottom, top), right, max(bottom, top)


def _plainly_shown(calls: Calls, page: int, box: tuple[float, float, float, float]) -> bool:
    """Whether every text object of the page is certainly seen, read in bulk: each PDFium call is mapped
    over all the page's objects in C, into arrays, and the page is cleared by a few minimums and maximums
    over them, with no Python step per object. False sends the page to the exact walk, which a page
    needs when it holds a form XObject, text outlined or invisible, transparent, anything near white,
    or text that starts off the page or may be under a point.

    Every test is a necessary condition of one verdict of :func:`_walk`, so a page cleared here has no
    unseen text; the bound on size is |size| × max(|a|, |b|) ≤ |size| × hypot(a, b)."""
    count = calls.count(page)
    if count <= 0:
        return True
    objs = list(map(calls.get, repeat(page, count), range(count)))
    modes = list(map(calls.mode, objs))
    if max(modes) > 0:  # outlined, invisible or clipping text: the exact walk tells
        return False
    if min(modes) < 0:  # paths, images, shadings, forms: only a form can hold text
        if FORM in set(map(calls.kind, compress(objs, map((0).__gt__, modes)))):
            return False
        objs = list(compress(objs, map((0).__le__, modes)))
    texts = len(objs)
    if not texts:
        return True
    # array.array buffers that PDFium fills in place: slices, comparisons and extremes run in C
    sizes, matrices, colours = (
        array("f", bytes(4 * texts)),
        array("f", bytes(24 * texts)),
        array("I", bytes(16 * texts)),
    )
    base = sizes.buffer_info()[0]
    deque(map(calls.size, objs, range(base, base + 4 * texts, 4)), maxlen=0)
    base = matrices.buffer_info()[0]
    deque(map(calls.matrix, objs, range(base, base + 24 * texts, 24)), maxlen=0)
    base = colours.buffer_info()[0]
    red, green, blue, alpha = (range(base + 4 * channel, base + 16 * texts, 16) for channel in range(4))
    if not all(map(calls.fill, objs, red, green, blue, alpha)):  # an object without a colour to read
        return False
    if _same(colours, 4):  # one colour for all the text, as on most pages
        red_, green_, blue_, alpha_ = colours[:4]
        if alpha_ == 0 or (red_ >= _NEAR_WHITE and green_ >= _NEAR_WHITE and blue_ >= _NEAR_WHITE):
            return False
    elif min(colours[3::4]) == 0 or min(max(colours[0::4]), max(colours[1::4]), max(colours[2::4])) >= _NEAR_WHITE:
        return False
    # under a point: |size| × |a| ≤ |size| × hypot(a, b), so the smallest of each bounds every object's
    # scale from below (0 when signs differ: rotated or mixed text goes to the exact walk)
    smallest = _least(sizes)
    if (smallest * _least(matrices[0::6])) ** 2 < _SMALLEST_SQUARED:
        return False
    if (smallest * _least(matrices[3::6])) ** 2 < _SMALLEST_SQUARED:
        return False
    left, bottom, right, top = box
    xs, ys = matrices[4::6], matrices[5::6]
    return left <= min(xs) and max(xs) <= right and bottom <= min(ys) and max(ys) <= top


def _same(values: array[Any], width: int) -> bool:
    """Whether every group of `width` values repeats the first: one comparison of bytes, in C."""
    return values.tobytes() == values[:width].tobytes() * (len(values) // width)


def _least(values: array[float]) -> float:
    """The smallest absolute value when all values have one sign, else 0."""
    if _same(values, 1):
        return abs(values[0])
    low, high = min(values), max(values)
    return low if low > 0 else -high if high < 0 else 0.0


def unseen_objects(page: Any) -> set[int]:
    """The addresses of the page's text objects (at any depth of form XObjects) that no reader sees; the
    text page's `FPDFText_GetTextObject` gives the same addresses for their characters."""
    calls = bound()
    page_at = ctypes.cast(page, ctypes.c_void_p).value or 0
    box = _page_box(calls, page_at)
    if _plainly_shown(calls, page_at, box):
        return set()
    seen = _Page(box)
    _walk(calls, page_at, None, seen, 0)
    unseen = set(seen.tiny)
    if not seen.image:
        unseen.update(seen.invisible)
        unseen.update(obj for obj, before, matrix in seen.white if not _under(calls, seen, obj, before, matrix))
    left, bottom, right, top = seen.box
    for obj, matrix in seen.outside:
        o_left, o_bottom, o_right, o_top = _box(calls, obj, matrix)
        if o_right < left or o_left > right or o_top < bottom or o_bottom > top:
            unseen.add(obj)
    return unseen


def shown_runs(textpage: Any, count: int, unseen: set[int]) -> list[tuple[int, int]]:
    """(start, length) of each run of the text page's first `count` characters that a reader sees.

    A character PDFium generated (the line break or space it puts between two text objects) belongs to
    no object: it stays, unless it follows a character left out, so that removing a line leaves no
    blank line in its place."""
    calls = bound()
    at = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    runs: list[tuple[int, int]] = []
    start = -1
    dropped = False
    for index in range(count):
        obj = calls.text_object(at, index)
        keep = obj not in unseen if obj else not dropped
        if obj:
            dropped = not keep
        if keep and start < 0:
            start = index
        elif not keep and start >= 0:
            runs.append((start, index - start))
            start = -1
    if start >= 0:
        runs.append((start, count - start))
    return runs
