"""PDFium's page-object getters bound for speed, for the PDF unseen-text check (:mod:`._pdf_unseen`).

pypdfium2's typed prototypes build a pointer object for every handle they return, which costs more
than the getters themselves; here handles are plain integers, the GIL is kept through each call, and
the out-parameters are buffers reused by every call. Walking every object of every page is the one
part of PDF extraction that runs per object in Python, so these constant factors are its cost.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable
from typing import Any

__all__ = ["FORM", "IMAGE", "PATH", "SHADING", "TEXT_STATE", "Calls", "bound"]

_V = ctypes.c_void_p
_INT = ctypes.c_int
PATH, IMAGE, SHADING, FORM = 2, 3, 4, 5  # FPDF_PAGEOBJ_*
TEXT_STATE = struct.Struct("=7f4I")  #: font size, matrix a-f, fill red, green, blue, alpha


class _Matrix(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class _Colour(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint) for name in ("red", "green", "blue", "alpha")]


class Calls:
    """The bound functions and their reusable out-parameters (a process reads one page at a time)."""

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
        self.text_state = ctypes.create_string_buffer(TEXT_STATE.size)
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


_calls: Calls | None = None


def bound() -> Calls:
    """The functions, bound on first use (pypdfium2 loads PDFium when first imported)."""
    global _calls
    if _calls is None:
        _calls = Calls()
    return _calls
