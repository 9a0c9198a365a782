"""`json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)`, byte for byte, three times faster.

Why: the result file is written with two-space indentation (people read and diff it), and the standard
library's C encoder does not indent, so every run paid for its pure-Python generator chain: a tenth of
a small `servex assess`. This builds the same text with a plain recursive function, the C string
escaper and the same number formatting. Anything it does not handle exactly as :mod:`json` does (a
non-string key, an unknown type, a circular structure) is handed to :func:`json.dumps` itself, so the
output (or the error) is always the standard library's.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C function when available
from typing import Any

__all__ = ["dumps_indented"]


class _Fallback(Exception):
    """Something only json.dumps knows how to write (or how to refuse)."""


_FLOAT_SPECIAL = {float("inf"): "Infinity", float("-inf"): "-Infinity"}
_MAX_DEPTH = 500  #: deeper than this, json.dumps decides (it raises RecursionError as it always did)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    return _FLOAT_SPECIAL.get(value) or float.__repr__(value)


def _encode(value: Any, indent: str, out: list[str], depth: int) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(_float(value))
    elif depth > _MAX_DEPTH:
        raise _Fallback
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        first = True
        try:
            items = sorted(value.items())
        except TypeError:
            raise _Fallback from None
        for key, child in items:
            if type(key) is not str:
                raise _Fallback
            out.append("{\n" + inner if first else ",\n" + inner)
            first = False
            out.append(encode_basestring(key))
            out.append(": ")
            _encode(child, inner, out, depth + 1)
        out.append("\n" + indent + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        first = True
        for child in value:
            out.append("[\n" + inner if first else ",\n" + inner)
            first = False
            _encode(child, inner, out, depth + 1)
        out.append("\n" + indent + "]")
    else:
        raise _Fallback  # subclasses of str/int/float/dict/list, and types json.dumps refuses


def dumps_indented(data: Any) -> str:
    """The same string as `json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)`."""
    out: list[str] = []
    try:
        _encode(data, "", out, 0)
    except (_Fallback, RecursionError):
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return "".join(out)
