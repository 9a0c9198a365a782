"""A workbook's `.xlsx` bytes, the same for the same content whatever the clock says (principle 6).

openpyxl stamps the file with the clock twice: `Workbook.save` sets the document's modified time, and
every zip member carries the time it was written. The caller sets the document's times; this writes the
archive with `ExcelWriter` (which leaves them alone) and dates every member with the same stamp. Used by
the action plan's workbook and by the findings export.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from typing import Any

__all__ = ["workbook_bytes"]


def workbook_bytes(book: Any, stamp: _dt.datetime) -> bytes:
    """`book` (an openpyxl Workbook) as `.xlsx` bytes, every zip member dated `stamp` (at the earliest
    1980, which a zip date cannot go below) and readable by everyone, as a saved file would be."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=when)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            target.writestr(pinned, source.read(info.filename))
    return out.getvalue()
