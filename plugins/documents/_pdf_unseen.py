"""Which text objects of a PDF page no reader sees: drawn, but invisibly, in white, too small or off the page.

A PDF can carry text that PDFium's text page reads like any other although nothing of it shows on the
page: text in render mode 3 (invisible) or 7 (clip only), text filled in white (or fully transparent)
over nothing, type far below a point, text placed outside the page's visible box. Read as evidence, such
text would lift grades with words nobody was shown, as hidden HTML or hidden Word text would.

An invisible text layer over a scanned page is what OCR produces on purpose: the page's image shows the
words and the invisible text is their transcription, so on a page with an image, invisible and
transparent text is read. White text is read over an image too, and over a filled, coloured path or a
gradient whose box holds the text's box (a white heading on a coloured banner). Not modelled: clipping paths, soft
masks and blend modes, and text hidden under an opaque shape drawn after it.

Speed: this walks every object of every page through ctypes, the one part of PDF extraction that runs
per object in Python (issue 21 is about PDF extraction speed). The calls are bound here with plain
`c_void_p` prototypes, about a third cheaper than pypdfium2's typed ones; a text object costs five
calls (the object, its render mode, font size, matrix and fill colour) and nothing else is read unless
the object looks hidden: a box only for text that starts off the page or is white.
"""

from __future__ import annotations

import ctypes
import math
import struct
from collections.abc import Callable
from typing import Any

__all__ = ["shown_runs", "unseen_objects"]

_V = ctypes.c_void_p
_INT = ctypes.c_int
_PATH, _IMAGE, _SHADING, _FORM = 2, 3, 4, 5  # FPDF_PAGEOBJ_*
_INVISIBLE = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE, FPDF_TEXTRENDERMODE_CLIP
_STROKED = {1, 2, 5, 6}  # modes that outline the glyphs
_FILLED = {0, 2, 4, 6}  # modes that fill them
_NEAR_WHITE = 243  # every channel at least 0.95 of 255
_SMALLEST_SQUARED = 1.0**2  # under 1 pt (either way), text is a speck, not something a reader reads
_DEPTH = 8  # form XObjects inside form XObjects: PDFium refuses cycles; real files nest two or three

Matrix = tuple[float, float, float, float, float, float]
_TEXT_STATE = struct.Struct("=7f4I")  #: font size, matrix a-f, fill red, green, blue, alpha


class _Matrix(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class _Colour(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint) for name in ("red", "green", "blue", "alpha")]


class _Calls:
    """PDFium's functions, bound once with handles as plain pointers: pypdfium2's typed prototypes build a
    pointer object for every handle they return, which costs more than the call itself. Out-parameters
    are reused by every call (a process reads one page at a time)."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def bind(name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value or 0
            # PYFUNCTYPE keeps the GIL through the call: releasing and taking it back cost more than
            # these getters do (a process reads one page at a time, on one thread)
            function: Callable[..., Any] = ctypes.PYFUNCTYPE(restype, *argtypes)(address)
            return function

        self.count = bind("FPDFPage_CountObjects", _INT, _V)
        self.get = bind("FPDFPage_GetObject", _V, _V, _INT)
        self.form_count = bind("FPDFFormObj_CountObjects", _INT, _V)
        self.form_get = bind("FPDFFormObj_GetObject", _V, _V, ctypes.c_ulong)
        self.kind = bind("FPDFPageObj_GetType", _INT, _V)
        self.mode = bind("FPDFTextObj_GetTextRenderMode", _INT, _V)
        self.fill = bind("FPDFPageObj_GetFillColor", _INT, _V, _V, _V, _V, _V)
        self.stroke = bind("FPDFPageObj_GetStrokeColor", _INT, _V, _V, _V, _V, _V)
        self.size = bind("FPDFTextObj_GetFontSize", _INT, _V, _V)
        self.matrix = bind("FPDFPageObj_GetMatrix", _INT, _V, _V)
        self.bounds = bind("FPDFPageObj_GetBounds", _INT, _V, _V, _V, _V, _V)
        self.text_object = bind("FPDFText_GetTextObject", _V, _V, _INT)
        self.draw_mode = bind("FPDFPath_GetDrawMode", _INT, _V, _V, _V)
        self.page_box = bind("FPDF_GetPageBoundingBox", _INT, _V, _V)
        # one text object's font size, matrix and fill colour, side by side so that one unpack reads
        # them all: a ctypes field read per value cost as much as the PDFium calls
        self.text_state = ctypes.create_string_buffer(_TEXT_STATE.size)
        base = ctypes.addressof(self.text_state)
        self.font_size_at, self.m_at = base, base + 4
        self.colour_at = (base + 28, base + 32, base + 36, base + 40)
        self.m = _Matrix.from_buffer(self.text_state, 4)
        self.colour = _Colour.from_buffer(self.text_state, 28)
        self.box = (ctypes.c_float * 4)()
        base = ctypes.addressof(self.box)
        self.box_at = (base, base + 4, base + 8, base + 12)
        self.fill_mode = (ctypes.c_int * 2)()
        self.fill_mode_at = (ctypes.addressof(self.fill_mode), ctypes.addressof(self.fill_mode) + 4)


_calls: _Calls | None = None


def _bound() -> _Calls:
    global _calls
    if _calls is None:
        _calls = _Calls()
    return _calls


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` followed by `outer` (PDF's row-vector convention: p' = p × inner × outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _box(calls: _Calls, obj: int, matrix: Matrix | None) -> tuple[float, float, float, float]:
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


def _pale(calls: _Calls, getter: Callable[..., Any], obj: int) -> tuple[bool, bool]:
    """(near white, fully transparent) for the colour `getter` reads."""
    at, colour = calls.colour_at, calls.colour
    getter(obj, at[0], at[1], at[2], at[3])
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


def _walk(calls: _Calls, holder: int, matrix: Matrix | None, seen: _Page, depth: int, clear: bool = False) -> None:
    """Sort the text objects under `holder` (the page, or a form XObject when `depth` > 0; `clear` when
    that form is drawn fully transparent) by what may hide them, and note the images, paths and
    shadings.

    The hot loop of PDF extraction: a text object costs five calls (the object, its render mode, font
    size, matrix and fill colour) and one unpack of the values; everything else is rare."""
    count, get = (calls.form_count, calls.form_get) if depth else (calls.count, calls.get)
    mode_of, fill, size_of, matrix_of = calls.mode, calls.fill, calls.size, calls.matrix
    m, m_at, colour_at, font_size_at = calls.m, calls.m_at, calls.colour_at, calls.font_size_at
    state, unpack = calls.text_state, _TEXT_STATE.unpack_from
    left, bottom, right, top = seen.box
    for index in range(count(holder)):
        obj = get(holder, index)
        mode = mode_of(obj)  # -1 for anything that is not text: one call tells text from the rest
        if mode < 0:
            kind = calls.kind(obj)
            if kind == _IMAGE:
                seen.image = True
            elif kind in (_PATH, _SHADING):
                seen.fills.append((obj, matrix, kind))
            elif kind == _FORM and depth < _DEPTH:
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
        fill(obj, colour_at[0], colour_at[1], colour_at[2], colour_at[3])
        size, a, b, c, d, e, f, red, green, blue, alpha = unpack(state)
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


def _under(calls: _Calls, seen: _Page, obj: int, before: int, matrix: Matrix | None) -> bool:
    """Whether a filled path that is not itself white or transparent, or a shading (a gradient), is drawn
    before the text object and its box holds the text's box: white type on a coloured banner is read."""
    left, bottom, right, top = _box(calls, obj, matrix)
    for path, path_matrix, kind in seen.fills[:before]:
        if kind == _PATH:
            calls.draw_mode(path, calls.fill_mode_at[0], calls.fill_mode_at[1])
            if not calls.fill_mode[0] or any(_pale(calls, calls.fill, path)):
                continue
        p_left, p_bottom, p_right, p_top = _box(calls, path, path_matrix)
        if p_left <= left and p_bottom <= bottom and right <= p_right and top <= p_top:
            return True
    return False


def _page_box(calls: _Calls, page: int) -> tuple[float, float, float, float]:
    """What a viewer shows of the page (crop box within media box): left, bottom, right, top."""
    if not calls.page_box(page, calls.box_at[0]):
        return -math.inf, -math.inf, math.inf, math.inf
    left, top, right, bottom = calls.box  # FS_RECTF's order
    return left, min(bottom, top), right, max(bottom, top)


def unseen_objects(page: Any) -> set[int]:
    """The addresses of the page's text objects (at any depth of form XObjects) that no reader sees; the
    text page's `FPDFText_GetTextObject` gives the same addresses for their characters."""
    calls = _bound()
    page_at = ctypes.cast(page, ctypes.c_void_p).value or 0
    seen = _Page(_page_box(calls, page_at))
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
    calls = _bound()
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
