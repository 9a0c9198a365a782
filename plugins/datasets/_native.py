"""The fast path of the conversion: let DuckDB's CSV reader type dates, numbers and yes/no columns itself.

Most large exports come from a system and are clean: ISO timestamps, plain numbers, true/false. For them
the reader's own typed parsing is about twice as fast as reading text and parsing it in SQL, and it needs
no date-order detection. It is strict, which is what makes it safe to try first: any value it cannot read
(a day-first date, "oui", "N/A " with a space, a malformed row, bytes that are not UTF-8) fails the whole
read, and the conversion then starts again on the text path, which reads, counts and cites every value
as before. So the fast path never decides anything about a value the text path would have read otherwise:
what it accepts is a subset of what the text path accepts, read to the same value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import product
from typing import Any

from servex.plugins.datasets._fields import Source
from servex.plugins.datasets._read import CsvRead
from servex.plugins.datasets._typing import NULL_MARKERS, best_first, scale_of

__all__ = ["native_types", "null_strings"]

_TYPES = {"ts": "TIMESTAMPTZ", "num": "DOUBLE", "bool": "BOOLEAN"}


def native_types(
    kinds: Mapping[str, str], mapping: Mapping[str, Source], spec: Mapping[str, Any], read: CsvRead | None
) -> dict[str, str]:
    """field -> DuckDB type, for the mapped fields the CSV reader can type itself; {} when none can.

    Left to the text path: files with a `date_format` or a local `timezone` (the reader would take naive
    times as UTC), Zendesk's good/bad satisfaction ratings (text, never a number), fields computed from
    two columns, and a column that feeds more than one field."""
    if read is None or spec.get("date_format") or (spec.get("timezone") or "UTC") != "UTC":
        return {}
    uses = Counter(s if isinstance(s, str) else "" for s in mapping.values())
    out = {}
    for name, source in mapping.items():
        kind = kinds[name]
        # "1.250" may be a thousand and more, which the reader would read as 1.25: a number that is not a
        # score on its scale is read by the reader only where the file declares a decimal point (the
        # conversion reads what a point is from the data otherwise, see _numbers)
        mark = spec.get("decimal_mark")
        comma = kind == "num" and (mark == "," or (mark != "." and scale_of(name, spec) is None))
        # a scale declared best-first is turned round as it is read (see _typing.scale_sql), not loaded as read
        turned = kind == "num" and best_first(name, spec)
        if isinstance(source, str) and uses[source] == 1 and kind in _TYPES and not comma and not turned:
            out[name] = _TYPES[kind]
    return out


def null_strings(spec: Mapping[str, Any]) -> list[str]:
    """The cells the reader takes as missing: empty, and the null markers in every mix of case (the text
    path compares them case-insensitively; the reader compares exactly)."""
    out = {""}
    for marker in spec.get("null_values", NULL_MARKERS):
        text = str(marker).strip()
        if not text:
            continue
        if sum(c.isalpha() for c in text) > 4:  # 2^n spellings: a long marker keeps its given forms
            out.update({text, text.lower(), text.upper(), text.title()})
            continue
        choices = [(c.lower(), c.upper()) if c.isalpha() else (c,) for c in text]
        out.update("".join(p) for p in product(*choices))
    return sorted(out)
