"""A workbook's bytes depend on its content and the given stamp, never on the clock (principle 6)."""

from __future__ import annotations

import datetime as _dt
import io
import time
import zipfile

from openpyxl import Workbook
from servex.plugins.reports._workbook_bytes import workbook_bytes


def _book(stamp: _dt.datetime) -> Workbook:
    book = Workbook()
    book.active.append(["PYR-L1-01", "Not met"])
    book.properties.created = book.properties.modified = stamp
    return book


def test_every_member_is_dated_with_the_stamp_and_the_bytes_do_not_move_with_the_clock() -> None:
    stamp = _dt.datetime(2026, 3, 31)
    first = workbook_bytes(_book(stamp), stamp)
    time.sleep(2.1)  # zip times have a two-second resolution: the clock has visibly moved
    assert workbook_bytes(_book(stamp), stamp) == first
    members = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert members and {m.date_time for m in members} == {(2026, 3, 31, 0, 0, 0)}
    assert {m.external_attr >> 16 for m in members} == {0o644}


def test_a_stamp_before_1980_is_dated_1980_which_a_zip_date_cannot_go_below() -> None:
    stamp = _dt.datetime(1975, 6, 2)
    members = zipfile.ZipFile(io.BytesIO(workbook_bytes(_book(stamp), stamp))).infolist()
    assert {m.date_time[0] for m in members} == {1980}
