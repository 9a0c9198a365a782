"""Open an export (CSV, XLSX, JSON/NDJSON, Parquet) as a DuckDB view of text columns.

Every format ends up as the same thing, a view named `raw` whose columns are the export's own headers,
so typing and mapping happen once, in SQL, whatever the file was. CSVs are never loaded into Python:
DuckDB streams them, which is what keeps a multi-gigabyte export within the memory limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FORMATS", "CsvRead", "Source", "UnreadableError", "open_source"]

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".parquet": "parquet",
}
_SAMPLE = 256 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_XLSX_MAX_UNPACKED = 512 * 1024 * 1024  # an XLSX that unpacks to more than this is treated as a zip bomb
_XLSX_MAX_RATIO = 200


class UnreadableError(Exception):
    """The whole file cannot be read; the message says why in terms a data owner can act on."""


@dataclass(frozen=True)
class CsvRead:
    """How the `raw` view reads a CSV, so a typed read of the same file can be tried (see _native)."""

    path: Path
    delimiter: str
    skip: int
    header: tuple[str, ...]

    def sql(self, types: dict[str, str], nulls: list[str] | None = None) -> str:
        columns = ", ".join(f"{_sql_str(h)}: {_sql_str(types.get(h, 'VARCHAR'))}" for h in self.header)
        options = f", nullstr=[{', '.join(map(_sql_str, nulls))}]" if nulls is not None else ""
        return (
            f"read_csv({_sql_str(str(self.path))}, delim={_sql_str(self.delimiter)}, quote='\"', escape='\"', "
            f"header=true, skip={self.skip}, auto_detect=false, columns={{{columns}}}{options})"
        )


@dataclass
class Source:
    columns: list[str]
    first_line: int  #: file line (or sheet row) of the first record, for error messages
    notes: list[str] = field(default_factory=list)
    issues: list[tuple[str, str, int | None, str]] = field(default_factory=list)  #: level, message, line, field
    csv: CsvRead | None = None  #: set for a CSV read as it is (not transcoded, not staged from a workbook)


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    cut = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        cut.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        # Valid multi-byte UTF-8 beside invalid bytes means a UTF-8 file with a few pasted-in lines in
        # another encoding (a legacy encoding practically never forms valid UTF-8 sequences by chance).
        if any(ord(c) > 127 and c != "\ufffd" for c in cut.decode("utf-8", errors="replace")):
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(cut).best()
    return best.encoding if best is not None else "latin-1"


def _sniff(text: str, delimiter: str | None) -> tuple[str, int]:
    """The delimiter and the number of preamble lines before the header (report titles, blank lines)."""
    lines = [line for line in text.splitlines()[:60]]
    if len(text) >= _SAMPLE - 4 and len(lines) > 1:
        lines = lines[:-1]  # the last line of a truncated sample may be cut short
    best: tuple[int, int, str, list[int]] = (-1, -1, ",", [])
    for candidate in [delimiter] if delimiter else _DELIMITERS:
        counts = [len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=candidate)]
        if not counts:
            continue
        width, agree = Counter(counts).most_common(1)[0]
        score = (agree if width > 1 else 0, width, candidate, counts)
        if score[:2] > best[:2]:
            best = score
    _, _, chosen, counts = best
    width = Counter(counts).most_common(1)[0][0] if counts else 1
    skip = next((i for i, n in enumerate(counts) if n == width), 0)
    return chosen, skip


def _looks_like_data(values: list[str]) -> bool:
    return bool(values) and all(re.fullmatch(r"[\d\s.,:/+\-TZ]*", v or "") for v in values)


def _transcode(path: Path, encoding: str, target: Path) -> None:
    """Re-encode to UTF-8 in 1 MiB steps, so an export of any size costs constant memory."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        while block := src.read(1 << 20):
            out.write(decoder.decode(block))
        out.write(decoder.decode(b"", final=True))


def _open_csv(
    con: Any, path: Path, spec: dict[str, Any], scratch: Path, force_replace: bool, sample_only: bool = False
) -> Source:
    with open(path, "rb") as handle:
        sample = handle.read(_SAMPLE)
    if not sample.strip():
        raise UnreadableError("the file is empty")
    if b"\x00" in sample[:8192] and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableError("binary content (NUL bytes): not a CSV text export")
    encoding = codecs.lookup(spec.get("encoding") or _detect_encoding(sample)).name
    notes = []
    if sample_only:
        sample = sample.decode(encoding, errors="replace").encode("utf-8")
    elif encoding != "utf-8" or force_replace:
        target = scratch / "transcoded.csv"
        _transcode(path, encoding, target)
        if encoding != "utf-8":
            notes.append(f"read as {encoding}")
        path = target
        with open(path, "rb") as handle:
            sample = handle.read(_SAMPLE)
    text = sample.decode("utf-8", errors="replace").lstrip("\ufeff")
    delimiter, skip = _sniff(text, spec.get("delimiter"))
    header = next(
        csv.reader(io.StringIO(text.splitlines()[skip] if text.splitlines() else ""), delimiter=delimiter), []
    )
    if _looks_like_data(header):
        raise UnreadableError("no header row found: the first row holds data, not column names")
    if sample_only:
        return Source(_dedupe(header), skip + 2, notes)
    _csv_view(con, path, delimiter, skip, _dedupe(header))
    plain = encoding == "utf-8" and not force_replace
    read = CsvRead(path, delimiter, skip, tuple(_dedupe(header))) if plain else None
    return Source(_dedupe(header), skip + 2, notes, csv=read)


def _csv_view(con: Any, path: Path, delimiter: str, skip: int, header: list[str]) -> None:
    """Text columns named by us, not by DuckDB's sniffer: every value stays as written until parsed."""
    columns = ", ".join(f"{_sql_str(h)}: 'VARCHAR'" for h in header)
    con.execute(
        f"CREATE OR REPLACE VIEW raw AS SELECT * FROM read_csv({_sql_str(str(path))}, "
        f"delim={_sql_str(delimiter)}, quote='\"', escape='\"', header=true, skip={skip}, all_varchar=true, "
        f"store_rejects=true, auto_detect=false, columns={{{columns}}})"
    )


def _dedupe(names: list[str]) -> list[str]:
    """Google Forms repeats titles; DuckDB needs distinct names, so later copies get a suffix."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        name = name.strip() or "column"
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


#: a float written with three decimals after a first group of 1-999: a CSV's "1.250" may be thousands
_THREE_DECIMALS = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")


def _cell(v: Any) -> str:
    """A workbook cell as text for the staged CSV. A number cell is a number whatever the locale shows:
    1.125 gets a fourth decimal (1.1250) so that the reading of points (see _numbers) never takes it
    for a thousand and more."""
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return str(v.isoformat())
    text = str(v)
    return text + "0" if isinstance(v, float) and _THREE_DECIMALS.fullmatch(text) else text


def _as_text(column: str, kind: str) -> str:
    """SQL: a typed column of a JSON or Parquet export as text for the `raw` view. A fractional number is a
    number: 1.125 gets a fourth decimal, as a workbook's does (see _cell)."""
    text = f'CAST("{column.replace(chr(34), chr(34) * 2)}" AS VARCHAR)'
    if not kind.upper().startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        return text
    return f"CASE WHEN regexp_full_match({text}, '{_THREE_DECIMALS.pattern}') THEN {text} || '0' ELSE {text} END"


def _open_xlsx(con: Any, path: Path, spec: dict[str, Any], scratch: Path) -> Source:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UnreadableError("not a valid XLSX file (not a zip archive)") from exc
    if unpacked > _XLSX_MAX_UNPACKED or unpacked > _XLSX_MAX_RATIO * max(path.stat().st_size, 1):
        raise UnreadableError(f"refused: the workbook unpacks to {unpacked} bytes (zip bomb?)")
    import openpyxl

    # Two readers side by side: saved results, and formulas (to tell an empty cell from a formula whose
    # result was never saved, as in workbooks written by scripts).
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    uncached: Counter[int] = Counter()
    first_uncached: dict[int, int] = {}
    try:
        sheet_name = spec.get("sheet")
        if sheet_name is not None and sheet_name not in book.sheetnames:
            raise UnreadableError(f"no sheet named {sheet_name!r} (sheets: {', '.join(book.sheetnames)})")
        sheet = book[sheet_name] if sheet_name is not None else book.worksheets[0]
        fsheet = formulas[sheet.title]

        def rows() -> Any:
            pairs = zip(sheet.iter_rows(values_only=True), fsheet.iter_rows(values_only=True), strict=False)
            for number, (values, raw) in enumerate(pairs, start=1):
                for i, (v, f) in enumerate(zip(values, raw, strict=False)):
                    if v is None and isinstance(f, str) and f.startswith("="):
                        uncached[i] += 1
                        first_uncached.setdefault(i, number)
                yield [_cell(v) for v in values]

        stream = rows()
        head = [row for _, row in zip(range(20), stream, strict=False)]
        filled = [sum(1 for v in row if v != "") for row in head]
        if not filled or max(filled) == 0:
            raise UnreadableError("the sheet is empty")
        start = filled.index(max(filled))
        header = _dedupe(head[start])
        # Rows go to a CSV that DuckDB streams like any export, so a large sheet is never held in memory.
        staged = scratch / "sheet.csv"
        with open(staged, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for row in [*head[start + 1 :], *stream]:
                writer.writerow((row + [""] * len(header))[: len(header)])
    finally:
        book.close()
        formulas.close()
    _csv_view(con, staged, ",", 0, header)
    issues: list[tuple[str, str, int | None, str]] = []
    for i, count in sorted(uncached.items()):
        name = header[i] if i < len(header) else f"column {i + 1}"
        issues.append((
            "warning",
            f"formula without a saved result: {count} cell(s) of column {name!r} are formulas whose result "
            "was never computed (the workbook was written by a program, not saved from a spreadsheet); "
            "they are read as empty. Open and save the workbook in a spreadsheet program to keep them",
            first_uncached[i],
            name,
        ))
    return Source(header, start + 2, issues=issues)


def _filter_ndjson(path: Path, scratch: Path) -> tuple[Path, list[tuple[str, str, int | None, str]]]:
    """Keep the readable lines; a line that is not a JSON object becomes an empty record (so record
    numbers still match file lines) and one row's warning."""
    import json

    target = scratch / "filtered.ndjson"
    bad: list[int] = []
    with open(path, "rb") as src, open(target, "wb") as out:
        for number, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                ok = isinstance(json.loads(line), dict)
            except ValueError:
                ok = False
            if not ok:
                bad.append(number)
            out.write(line.rstrip(b"\r\n") + b"\n" if ok else b"{}\n")
    issues: list[tuple[str, str, int | None, str]] = []
    if bad:
        issues.append(("warning", f"{len(bad)} line(s) are not a JSON record and were skipped", None, ""))
        issues += [("warning", "line skipped: not a JSON record", n, "") for n in bad[:3]]
    return target, issues


def open_source(
    con: Any,
    path: Path,
    fmt: str,
    spec: dict[str, Any],
    scratch: Path,
    force_replace: bool = False,
    sample_only: bool = False,
) -> Source:
    """Create the `raw` view on `con` for this export. Raises UnreadableError for an unusable file.

    `force_replace` is the second attempt after a failed read: undecodable bytes replaced (CSV), bad
    lines left out (NDJSON). `sample_only` reads just enough to name the columns."""
    if fmt == "csv":
        return _open_csv(con, path, spec, scratch, force_replace, sample_only)
    if fmt == "xlsx":
        return _open_xlsx(con, path, spec, scratch)
    issues: list[tuple[str, str, int | None, str]] = []
    if fmt in ("json", "ndjson"):
        layout = "array" if fmt == "json" else "newline_delimited"
        if fmt == "json":
            with open(path, "rb") as handle:
                if handle.read(4096).lstrip()[:1] != b"[":
                    raise UnreadableError("a JSON export must be an array of records ([{...}, ...])")
        if fmt == "ndjson" and force_replace:
            path, issues = _filter_ndjson(path, scratch)
        query = f"SELECT * FROM read_json({_sql_str(str(path))}, format='{layout}', records=true)"
    else:
        query = f"SELECT * FROM read_parquet({_sql_str(str(path))})"
    described = [(str(row[0]), str(row[1])) for row in con.execute(f"DESCRIBE {query}").fetchall()]
    columns = [c for c, _type in described]
    casts = ", ".join(f'{_as_text(c, kind)} AS "{c.replace(chr(34), chr(34) * 2)}"' for c, kind in described)
    con.execute(f"CREATE OR REPLACE VIEW raw AS SELECT {casts} FROM ({query})")
    return Source(columns, 1, issues=issues)  # records are numbered from 1: JSON has no header line
